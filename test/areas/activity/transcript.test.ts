import { describe, expect, it } from 'vitest';
import { formatTime, renderTranscript, validFormat, type ChatLine } from '../../../src/areas/activity/transcript.ts';

const at = (iso: string) => new Date(iso);
const lines: ChatLine[] = [
  { sequence: 1, sentAt: at('2020-11-24T08:47:10Z'), senderType: 'system', userId: null, senderName: null, text: 'You are now chatting with Jenny', internal: false },
  { sequence: 2, sentAt: at('2020-11-24T08:48:00Z'), senderType: 'customer', userId: null, senderName: 'Ann Lee', text: 'Hi, my phone does not charge', internal: false },
  { sequence: 3, sentAt: at('2020-11-24T08:48:30Z'), senderType: 'agent', userId: 1002n, senderName: 'Jenny', text: 'Hello Ann, let me check', internal: false },
  { sequence: 4, sentAt: at('2020-11-24T08:49:00Z'), senderType: 'agent', userId: 1002n, senderName: 'Jenny', text: 'note <to self>', internal: true },
];

describe('chat transcripts (05 §6.3)', () => {
  it('renders the html and text of the spec example exactly', () => {
    const t = renderTranscript(at('2020-11-24T08:47:00Z'), lines)!;
    expect(t.html).toBe(
      '<div class="chatTranscript">\n<div class="chatStartTime"><b>CHAT STARTED AT</b> 8:47 AM (24 Nov 2020)</div>\n<div class="system"><span class="time">8:47 AM</span> <span class="text">You are now chatting with Jenny</span></div>\n<div class="customer"><span class="name">Ann Lee</span> <span class="time">8:48 AM</span> <span class="text">Hi, my phone does not charge</span></div>\n<div class="agent1"><span class="name">Jenny</span> <span class="time">8:48 AM</span> <span class="text">Hello Ann, let me check</span></div>\n</div>',
    );
    expect(t.text).toBe(
      'CHAT STARTED AT 8:47 AM (24 Nov 2020)\n8:47 AM You are now chatting with Jenny\nAnn Lee 8:48 AM Hi, my phone does not charge\nJenny 8:48 AM Hello Ann, let me check',
    );
  });

  it('includes internal messages with a second class for payloadVersion=internal, escaped, with the offset applied', () => {
    const t = renderTranscript(at('2020-11-24T08:47:00Z'), lines, { internal: true, startFormat: 'HH:mm dd/MM/yy', offsetMinutes: 330 })!;
    expect(t.html).toContain('<div class="chatStartTime"><b>CHAT STARTED AT</b> 14:17 24/11/20</div>');
    expect(t.html).toContain('<div class="agent1 internal"><span class="name">Jenny</span> <span class="time">2:19 PM</span> <span class="text">note &lt;to self&gt;</span></div>');
  });

  it('numbers agents in order of appearance and turns line breaks into <br/>', () => {
    const two: ChatLine[] = [
      { sequence: 1, sentAt: at('2024-01-01T12:00:00Z'), senderType: 'agent', userId: 7n, senderName: 'B', text: 'one\ntwo', internal: false },
      { sequence: 2, sentAt: at('2024-01-01T12:01:00Z'), senderType: 'agent', userId: 5n, senderName: 'A', text: 'x', internal: false },
    ];
    const t = renderTranscript(at('2024-01-01T00:05:00Z'), two)!;
    expect(t.html).toContain('<div class="agent1"><span class="name">B</span> <span class="time">12:00 PM</span> <span class="text">one<br/>two</span></div>');
    expect(t.html).toContain('<div class="agent2">');
    expect(t.html).toContain('CHAT STARTED AT</b> 12:05 AM (01 Jan 2024)');
    expect(t.text.split('\n')[1]).toBe('B 12:00 PM one two');
  });

  it('has no transcript without a message; checks format patterns', () => {
    expect(renderTranscript(new Date(), [])).toBeUndefined();
    expect(validFormat('h:mm a (dd MMM yyyy)')).toBe(true);
    expect(validFormat('yyyy-MM-dd HH:mm:ss')).toBe(true);
    expect(validFormat('h:mm x')).toBe(false);
    expect(formatTime(at('2024-03-05T00:07:09Z'), 'd M yy H hh:mm:ss a')).toBe('5 3 24 0 12:07:09 AM');
  });
});
