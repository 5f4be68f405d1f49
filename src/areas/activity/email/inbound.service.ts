// V3 — create an inbound email (05 §9.3), one transaction:
//   1. the department and the receiving alias (one statement; 400-152, 403-197);
//   2. the customer of the sender (email.customer.ts: advisory lock, lookup, or a new individual customer);
//   3. the case (§9.3.2): `case.id` of the department joins (a closed case reopens) when its customer is the sender's,
//      else a new case (04 §3.1);
//   4. the inbound workflow (07 §10.1, workflow.evaluate.ts): a queue or an `enabled` user, maybe a priority; no
//      match → the alias's queue. The status machine turns the outcome into T1, T2 or T3 (05 §4.2);
//   5. the activity with its payload, attachments and custom attribute values (email.write.ts).
// No lock is shared by unrelated requests: ids come from sequences and the only lock is the per-address one (05 §10).
import { Err } from '../../../errors/app-error.ts';
import { routeInbound } from '../../administration/workflow/workflow.evaluate.ts';
import type { Tx } from '../../administration/common.ts';
import { createCaseFor } from '../../case/case.lifecycle.ts';
import type { AttributeChange } from '../../custom-attributes/values.ts';
import type { ServiceContext } from '../../service-context.ts';
import { transition, type ActivityEvent } from '../status-machine.ts';
import { DEFAULT_LANGUAGE, DEFAULT_PRIORITY } from '../activity-edit.input.ts';
import type { AttachmentInput } from './attachment.input.ts';
import { resolveCustomer } from './email.customer.ts';
import type { EmailInput } from './email.input.ts';
import { findDepartmentAndAlias, queueIsActive, type AliasRow } from './email.queries.ts';
import { checkActivityAttributes, createTransaction, joinCase, lockCaseOf, requireDepartment, staffCaller, storeEmail } from './email.write.ts';

/**
 * Step 4: the creating event. routeInbound answers a user only when it is `enabled` (else the alias's queue, 07
 * §10.1): T2, queued in the alias's queue. A queue: T1 when it is `active`, else T3 (`open` /
 * `ready_for_inbound_workflow`, no queue).
 */
async function routingEvent(tx: Tx, route: { queueId?: bigint | undefined; userId?: bigint | undefined }, alias: AliasRow): Promise<ActivityEvent> {
  if (route.userId !== undefined) return { kind: 'routedToUser', userId: route.userId, queueId: alias.queueId };
  const queueId = route.queueId ?? alias.queueId;
  const active = queueId === alias.queueId ? alias.queueActive : await queueIsActive(tx, queueId);
  return active ? { kind: 'routedToQueue', queueId } : { kind: 'routedToInactiveQueue' };
}

/** V3: answers the new activity's id. */
export async function createInboundEmail(ctx: ServiceContext, input: EmailInput, files: AttachmentInput[]): Promise<bigint> {
  const actor = staffCaller(ctx, 'interaction.inbound');
  const by = actor.userId;
  const now = ctx.now();
  // Read before the transaction (definition.ts); checked again under a share lock inside it.
  const defs = await ctx.attributes.of('activity');
  let attributes: AttributeChange[] = [];
  return createTransaction(
    ctx,
    () => attributes,
    async (tx) => {
      const found = await findDepartmentAndAlias(tx, input.department, input.receiver!.address);
      const department = requireDepartment(actor, input, found);
      const alias = found.alias;
      if (!alias) throw Err.invalidAttribute('payload.email.emailAddresses.receiver', input.receiver!.raw);
      attributes = checkActivityAttributes(defs, input);

      const customer = await resolveCustomer(tx, input.from!, department.id, by, now);
      let caseId: bigint | undefined;
      if (input.caseId !== undefined) {
        const c = await lockCaseOf(tx, input.caseId, department.id);
        if (!c) throw Err.invalidAttribute('case.id', String(input.caseId));
        // A case of another customer is ignored: the email gets a new case (05 §9.3.2).
        if (c.customerId === customer.customerId) {
          caseId = c.id;
          await joinCase(tx, c.id, now, by);
        }
      }
      caseId ??= await createCaseFor(tx, { departmentId: department.id, customerId: customer.customerId, subject: input.subject, type: 'email' }, by, now);

      const route = await routeInbound(tx, {
        departmentId: department.id,
        aliasId: alias.id,
        aliasQueueId: alias.queueId,
        subject: input.subject,
        text: input.text,
        html: input.html,
        customerId: customer.customerId,
      });
      const t = transition('new', null, await routingEvent(tx, route, alias));

      const stored = await storeEmail(
        tx,
        {
          caseId,
          customerId: customer.customerId,
          contactPersonId: customer.contactPersonId,
          contactPointId: customer.contactPointId,
          departmentId: department.id,
          subtype: 'general',
          mode: 'inbound',
          transition: t,
          subject: input.subject,
          priority: route.priority ?? input.priority ?? DEFAULT_PRIORITY,
          dueDate: input.dueDate ?? null,
          language: input.language ?? DEFAULT_LANGUAGE,
          isSecure: input.isSecure ?? false,
          createdBy: by,
          now,
          content: {
            emailDate: input.emailDate ?? now,
            aliasId: alias.id,
            fromAddress: input.from!.raw,
            receiverAddress: alias.emailAddress,
            to: input.to.map((a) => a.raw),
            cc: input.cc.map((a) => a.raw),
            bcc: [],
            text: input.text,
            html: input.html,
          },
        },
        files,
        input,
        attributes,
      );
      attributes = stored.attributes;
      return stored.id;
    },
  );
}
