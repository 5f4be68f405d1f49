// The delivery hook of compose and send (05 §9.6). The contract does not deliver mail: the activity is the record of
// the sent email. A mail transport plugs in here (docs/email.md): it receives every sent email once, after the
// transaction that stored it has committed, and never changes the API answer (a delivery failure is logged).
import type { FastifyBaseLogger } from 'fastify';

export type OutboundAttachment = { fileName: string; contentType: string; contentId: string | null; isInline: boolean; bytes: Buffer };

/** A sent email as stored (after macro expansion and the outbound workflow). */
export type OutboundMail = {
  activityId: bigint;
  caseId: bigint;
  departmentId: bigint;
  /** The sending alias; null when the email was sent without `from` (then it is secure, 05 §9.5). */
  from: { aliasId: bigint; address: string; displayName: string | null } | null;
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  text: string | null;
  html: string | null;
  isSecure: boolean;
  sentAt: Date;
  attachments: OutboundAttachment[];
};

export interface OutboundMailer {
  deliver(mail: OutboundMail): Promise<void>;
}

/** The default: nothing is delivered. */
export const noopMailer: OutboundMailer = { deliver: async () => {} };

let current: OutboundMailer = noopMailer;

/** Installs a transport for this process; answers the previous one (tests restore it). */
export function setOutboundMailer(mailer: OutboundMailer): OutboundMailer {
  const previous = current;
  current = mailer;
  return previous;
}

/** Hands a committed email to the transport without waiting for it; a failure is logged, the API answer stands. */
export function dispatchOutbound(mail: OutboundMail, log: FastifyBaseLogger): void {
  const mailer = current;
  void Promise.resolve()
    .then(() => mailer.deliver(mail))
    .catch((err: unknown) => log.error({ err, activityId: String(mail.activityId) }, 'outbound mail delivery failed'));
}
