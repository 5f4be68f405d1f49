// V4 compose and save, V5 compose and send (05 §9.5, §9.6), one transaction each:
//   1. the department and the sending alias `from` when given (one statement; 400-152, 403-197);
//   2. the customer of the first `to` address (email.customer.ts, as V3);
//   3. the case: `case.id` must be a case of the department and that customer (400-152), which the email joins (a
//      closed case reopens); else a new case (04 §3.1);
//   4. ids from the sequences first, so `expandMacros=yes` can expand `activity_id` and `case_id` before the insert;
//   5. V5: the department's outbound workflow (07 §10.2, workflow.evaluate.ts) appends a standard message and adds
//      BCC addresses;
//   6. the activity: T4 (assigned to the caller, in progress) or T5 (completed; the case auto-close rule closes a new
//      case at once), with payload, attachments and custom attribute values (email.write.ts).
// V5 then hands the stored email to the outbound delivery hook, after the commit (outbound-mailer.ts).
import { Err } from '../../../errors/app-error.ts';
import { outboundActions } from '../../administration/workflow/workflow.evaluate.ts';
import type { AttributeChange } from '../../custom-attributes/values.ts';
import { activeMacros } from '../../macro/macro.expand.ts';
import type { ServiceContext } from '../../service-context.ts';
import { transition } from '../status-machine.ts';
import { DEFAULT_LANGUAGE, DEFAULT_PRIORITY, MAX_SUBJECT } from '../activity-edit.input.ts';
import type { AttachmentInput } from './attachment.input.ts';
import { builtInMacros, expandEmail, type Expandable } from './compose.macros.ts';
import { resolveCustomer } from './email.customer.ts';
import type { EmailInput } from './email.input.ts';
import { findDepartmentAndAlias, nextIds } from './email.queries.ts';
import { checkActivityAttributes, createTransaction, joinCase, lockCaseOf, requireDepartment, staffCaller, storeEmail } from './email.write.ts';
import type { OutboundMail } from './outbound-mailer.ts';

export type ComposeOptions = { send: boolean; expandMacros: boolean };

/**
 * 07 §10.2: the standard message's contents are appended to the parts the email has (text after a line break, html
 * as it is); an email without any content gets both parts of the message.
 */
function appendMessage(e: Expandable, append: { text: string; html: string } | undefined): Expandable {
  if (!append) return e;
  if (e.text === null && e.html === null) return { ...e, text: append.text, html: append.html };
  return {
    ...e,
    text: e.text === null ? null : e.text === '' ? append.text : `${e.text}\n${append.text}`,
    html: e.html === null ? null : `${e.html}${append.html}`,
  };
}

/** Addresses added once each (compared case-insensitively), in order. */
function withBcc(bcc: string[], extra: readonly string[]): string[] {
  const seen = new Set(bcc.map((a) => a.toLowerCase()));
  const out = [...bcc];
  for (const a of extra) {
    if (seen.has(a.toLowerCase())) continue;
    seen.add(a.toLowerCase());
    out.push(a);
  }
  return out;
}

const cutSubject = (s: string) => (Array.from(s).length > MAX_SUBJECT ? Array.from(s).slice(0, MAX_SUBJECT).join('') : s);

/** The longest content macro expansion may produce: 01 §18's multi-line text limit (05 §5.3 sets none of its own). */
export const MAX_EXPANDED_CONTENT = 65_535;

/** Code points, counted only when the UTF-16 length could exceed `max`. */
const longerThan = (s: string, max: number) => s.length > max && Array.from(s).length > max;

/**
 * The contents after macro expansion against the field limit (01 §18, code points): an expansion may not make a
 * content longer than the limit, or than it was as sent → 400-152 on the content's `value` as sent.
 */
function checkExpandedContents(input: EmailInput, expanded: Expandable): void {
  for (const type of ['text', 'html'] as const) {
    const sent = input[type];
    const now = expanded[type];
    if (sent === null || now === null || now === sent) continue;
    const max = Math.max(MAX_EXPANDED_CONTENT, longerThan(sent, MAX_EXPANDED_CONTENT) ? Array.from(sent).length : 0);
    if (longerThan(now, max)) throw Err.invalidAttribute(input.contentPaths[type] ?? 'payload.email.contents', sent);
  }
}

/** V4/V5: answers the new activity's id and, for V5, the email to hand to the delivery hook. */
export async function composeEmail(
  ctx: ServiceContext,
  input: EmailInput,
  files: AttachmentInput[],
  opts: ComposeOptions,
): Promise<{ id: bigint; mail?: OutboundMail }> {
  const actor = staffCaller(ctx, 'interaction.work');
  const by = actor.userId;
  const now = ctx.now();
  const defs = await ctx.attributes.of('activity');
  let attributes: AttributeChange[] = [];
  return createTransaction(
    ctx,
    () => attributes,
    async (tx) => {
      const found = await findDepartmentAndAlias(tx, input.department, input.from?.address);
      const department = requireDepartment(actor, input, found);
      const alias = input.from ? found.alias : undefined;
      if (input.from && !alias) throw Err.invalidAttribute('payload.email.emailAddresses.from', input.from.raw);
      attributes = checkActivityAttributes(defs, input);

      const customer = await resolveCustomer(tx, input.to[0]!, department.id, by, now);
      let existing: bigint | undefined;
      if (input.caseId !== undefined) {
        const c = await lockCaseOf(tx, input.caseId, department.id);
        if (!c || c.customerId !== customer.customerId) throw Err.invalidAttribute('case.id', String(input.caseId));
        existing = c.id;
      }
      const ids = await nextIds(tx, existing === undefined);
      const caseId = existing ?? ids.caseId!;

      let email: Expandable = { subject: input.subject, text: input.text, html: input.html };
      if (opts.expandMacros) {
        const macros = (await activeMacros(tx, [department.id])).get(department.id) ?? new Map<string, string>();
        const builtins = builtInMacros({
          activityId: ids.activityId,
          caseId,
          customerName: customer.customerName,
          firstName: customer.firstName,
          lastName: customer.lastName,
          agent: actor,
          departmentName: department.name,
          now,
        });
        email = expandEmail(email, builtins, macros);
        email.subject = cutSubject(email.subject);
        checkExpandedContents(input, email);
      }
      // A new case is inserted with the email (storeEmail), with the expanded subject.
      if (existing !== undefined) await joinCase(tx, caseId, now, by);

      let bcc = input.bcc.map((a) => a.raw);
      if (opts.send) {
        const actions = await outboundActions(tx, { departmentId: department.id, aliasId: alias?.id ?? null, queueId: null, subject: email.subject });
        email = appendMessage(email, actions.append);
        bcc = withBcc(bcc, actions.bcc);
      }

      const t = transition('new', null, opts.send ? { kind: 'composeSend', callerId: by } : { kind: 'composeSave', callerId: by });
      // Without `from` the email is always secure; with it, `isSecure` defaults to false (05 §9.5).
      const isSecure = alias ? (input.isSecure ?? false) : true;
      const content = {
        emailDate: opts.send ? now : null,
        aliasId: alias?.id ?? null,
        fromAddress: alias?.emailAddress ?? null,
        receiverAddress: null,
        to: input.to.map((a) => a.raw),
        cc: input.cc.map((a) => a.raw),
        bcc,
        text: email.text,
        html: email.html,
      };
      const stored = await storeEmail(
        tx,
        {
          id: ids.activityId,
          caseId,
          newCase: existing === undefined,
          customerId: customer.customerId,
          contactPersonId: customer.contactPersonId,
          contactPointId: customer.contactPointId,
          departmentId: department.id,
          subtype: 'compose',
          mode: 'outbound',
          transition: t,
          subject: email.subject,
          priority: input.priority ?? DEFAULT_PRIORITY,
          dueDate: input.dueDate ?? null,
          language: input.language ?? DEFAULT_LANGUAGE,
          isSecure,
          createdBy: by,
          now,
          content,
        },
        files,
        input,
        attributes,
      );
      attributes = stored.attributes;
      if (!opts.send) return { id: stored.id };
      const mail: OutboundMail = {
        activityId: stored.id,
        caseId,
        departmentId: department.id,
        from: alias ? { aliasId: alias.id, address: alias.emailAddress, displayName: alias.displayName } : null,
        to: content.to,
        cc: content.cc,
        bcc,
        subject: email.subject,
        text: email.text,
        html: email.html,
        isSecure,
        sentAt: now,
        attachments: files.map((f) => ({ fileName: f.fileName, contentType: f.contentType, contentId: f.contentId, isInline: f.isInline, bytes: f.bytes })),
      };
      return { id: stored.id, mail };
    },
  );
}
