// Chat transcripts rendered from the stored messages (05 §6.3): the exact HTML structure and the text form, agents
// numbered in order of appearance, times in UTC shifted by `timeOffset`, internal messages only for
// `payloadVersion=internal`.
export type ChatLine = {
  sequence: number;
  sentAt: Date;
  senderType: 'customer' | 'agent' | 'system';
  userId: bigint | null;
  senderName: string | null;
  text: string;
  internal: boolean;
};

export type TranscriptOptions = {
  /** Include internal messages (`payloadVersion=internal`). */
  internal: boolean;
  /** `transcriptDatetimeFormat` (05 §6.3), default `h:mm a (dd MMM yyyy)`. */
  startFormat: string;
  /** Minutes east of UTC. */
  offsetMinutes: number;
};

export const defaultTranscriptOptions: TranscriptOptions = { internal: false, startFormat: 'h:mm a (dd MMM yyyy)', offsetMinutes: 0 };

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const TOKENS = ['yyyy', 'yy', 'MMM', 'MM', 'M', 'dd', 'd', 'HH', 'H', 'hh', 'h', 'mm', 'ss', 'a'] as const;
const pad = (n: number) => String(n).padStart(2, '0');

/** Whether a `transcriptDatetimeFormat` uses only the tokens of 05 §6.3 (any other letter → 400-102). */
export function validFormat(format: string): boolean {
  let rest = format;
  while (rest) {
    const token = TOKENS.find((t) => rest.startsWith(t));
    if (token) rest = rest.slice(token.length);
    else if (/^[A-Za-z]/.test(rest)) return false;
    else rest = rest.slice(1);
  }
  return true;
}

/** Formats an instant (already shifted: its UTC fields are the local ones) with the tokens of 05 §6.3. */
export function formatTime(date: Date, format: string): string {
  const h24 = date.getUTCHours();
  const h12 = h24 % 12 === 0 ? 12 : h24 % 12;
  const values: Record<(typeof TOKENS)[number], string> = {
    yyyy: String(date.getUTCFullYear()),
    yy: pad(date.getUTCFullYear() % 100),
    MMM: MONTHS[date.getUTCMonth()]!,
    MM: pad(date.getUTCMonth() + 1),
    M: String(date.getUTCMonth() + 1),
    dd: pad(date.getUTCDate()),
    d: String(date.getUTCDate()),
    HH: pad(h24),
    H: String(h24),
    hh: pad(h12),
    h: String(h12),
    mm: pad(date.getUTCMinutes()),
    ss: pad(date.getUTCSeconds()),
    a: h24 < 12 ? 'AM' : 'PM',
  };
  let out = '';
  let rest = format;
  while (rest) {
    const token = TOKENS.find((t) => rest.startsWith(t));
    if (token) {
      out += values[token];
      rest = rest.slice(token.length);
    } else {
      out += rest[0];
      rest = rest.slice(1);
    }
  }
  return out;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The html and text transcripts of a chat; undefined while it has no message. */
export function renderTranscript(createdAt: Date, lines: readonly ChatLine[], opts: TranscriptOptions = defaultTranscriptOptions) {
  const shown = lines.filter((l) => opts.internal || !l.internal).sort((a, b) => a.sequence - b.sequence);
  if (!shown.length) return undefined;
  const shift = (d: Date) => new Date(d.getTime() + opts.offsetMinutes * 60_000);
  const agents = new Map<string, number>();
  for (const l of lines) if (l.senderType === 'agent' && l.userId !== null && !agents.has(String(l.userId))) agents.set(String(l.userId), agents.size + 1);

  const start = formatTime(shift(createdAt), opts.startFormat);
  const html = ['<div class="chatTranscript">', `<div class="chatStartTime"><b>CHAT STARTED AT</b> ${escapeHtml(start)}</div>`];
  const text = [`CHAT STARTED AT ${start}`];
  for (const l of shown) {
    const time = formatTime(shift(l.sentAt), 'h:mm a');
    const cls =
      (l.senderType === 'agent' ? `agent${agents.get(String(l.userId)) ?? agents.size + 1}` : l.senderType) + (l.internal ? ' internal' : '');
    const body = escapeHtml(l.text).replace(/\r?\n/g, '<br/>');
    const name = l.senderType === 'system' ? undefined : (l.senderName ?? (l.senderType === 'customer' ? 'Customer' : ''));
    html.push(
      name === undefined
        ? `<div class="${cls}"><span class="time">${time}</span> <span class="text">${body}</span></div>`
        : `<div class="${cls}"><span class="name">${escapeHtml(name)}</span> <span class="time">${time}</span> <span class="text">${body}</span></div>`,
    );
    text.push(collapse(name === undefined ? `${time} ${l.text}` : `${name} ${time} ${l.text}`));
  }
  html.push('</div>');
  return { html: html.join('\n'), text: text.join('\n') };
}
