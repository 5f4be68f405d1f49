// V3 — create an inbound email (05 §9.3). Before the transaction: the custom attribute definitions and the active
// inbound workflows of all departments (in-memory caches dropped on every configuration change, 07 §1.1). Then one
// transaction of a handful of indexed statements (docs/email.md):
//   1. one statement: the department and the receiving alias (400-152, 403-197), the sender's customer when the
//      address is known, and what the workflows may ask for (the customer's attribute values, the state of the users
//      and queues they route to);
//   2. an unknown sender: advisory lock, lookup again and the customer row, then person and point (email.customer.ts);
//   3. `case.id` of the department joins (locked, a closed case reopens) when its customer is the sender's (§9.3.2);
//   4. the inbound workflow (07 §10.1, workflow.evaluate.ts `decideInbound`), decided in memory: a queue or an
//      `enabled` user, maybe a priority; no match → the alias's queue. The status machine turns the outcome into T1,
//      T2 or T3 (05 §4.2);
//   5. one statement: the new case (else the case owner of T2), the activity and its payload (email.queries.ts);
//      then attachments and custom attribute values when there are any (email.write.ts).
// A known sender's email: BEGIN, statements 1 and 5, COMMIT. No lock is shared by unrelated requests: ids come from
// sequences and the only lock is the per-address one of an unknown sender (05 §10). A deadlock or serialization
// failure runs the transaction again (createTransaction).
import { Err } from '../../../errors/app-error.ts';
import { customerValues, customerValuesOf, decideInbound, inboundWorkflows, routingNeeds, type InboundRoute } from '../../administration/workflow/workflow.evaluate.ts';
import type { AttributeChange } from '../../custom-attributes/values.ts';
import type { ServiceContext } from '../../service-context.ts';
import { transition, type ActivityEvent } from '../status-machine.ts';
import { DEFAULT_LANGUAGE, DEFAULT_PRIORITY } from '../activity-edit.input.ts';
import type { AttachmentInput } from './attachment.input.ts';
import { resolveCustomer } from './email.customer.ts';
import type { EmailInput } from './email.input.ts';
import { findInboundContext, stateUnderShareLock, type AliasRow } from './email.queries.ts';
import type { Tx } from '../../administration/common.ts';
import { checkActivityAttributes, createTransaction, joinCase, lockCaseOf, requireDepartment, staffCaller, storeEmail } from './email.write.ts';

/**
 * Step 4: the creating event. A user (decideInbound answers one only when it is `enabled`, else the alias's queue, 07
 * §10.1): T2, queued in the alias's queue. A queue: T1 when it is `active`, else T3 (`open` /
 * `ready_for_inbound_workflow`, no queue).
 */
async function routingEvent(tx: Tx, route: InboundRoute, alias: AliasRow, activeQueues: ReadonlySet<bigint>): Promise<ActivityEvent> {
  if (route.userId !== undefined) return { kind: 'routedToUser', userId: route.userId, queueId: alias.queueId };
  const queueId = route.queueId ?? alias.queueId;
  // Another queue than the alias's was read active in statement 1; share-locked now, so that a deactivation
  // committed meanwhile is seen (07 §7: an inactive queue receives nothing) and none can commit until we do.
  const active = queueId === alias.queueId ? alias.queueActive : activeQueues.has(queueId) && (await stateUnderShareLock(tx, 'queue', queueId)) === 'active';
  return active ? { kind: 'routedToQueue', queueId } : { kind: 'routedToInactiveQueue' };
}

/** V3: answers the new activity's id. */
export async function createInboundEmail(ctx: ServiceContext, input: EmailInput, files: AttachmentInput[]): Promise<bigint> {
  const actor = staffCaller(ctx, 'interaction.inbound');
  const by = actor.userId;
  const now = ctx.now();
  // Read before the transaction (definition.ts); checked again under a share lock inside it.
  const defs = await ctx.attributes.of('activity');
  const workflows = await inboundWorkflows(ctx);
  // A department named by id: what its workflows may ask for; by name: what any department's may (the statement
  // keeps the named department's part).
  const needs = routingNeeds(workflows, input.department.id === undefined ? undefined : BigInt(input.department.id));
  let attributes: AttributeChange[] = [];
  return createTransaction(
    ctx,
    () => attributes,
    async (tx) => {
      const found = await findInboundContext(tx, input.department, input.receiver!.address, input.from!.address, needs);
      const department = requireDepartment(actor, input, found);
      const alias = found.alias;
      if (!alias) throw Err.invalidAttribute('payload.email.emailAddresses.receiver', input.receiver!.raw);
      attributes = checkActivityAttributes(defs, input);

      const customer = await resolveCustomer(tx, input.from!, department.id, by, now, found.customer);
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

      const route = await decideInbound(
        workflows.get(String(department.id)) ?? [],
        { departmentId: department.id, aliasId: alias.id, aliasQueueId: alias.queueId, subject: input.subject, text: input.text, html: input.html, customerId: customer.customerId },
        {
          // Read with the customer in statement 1; a new customer has none; one found only under the lock is read now.
          customerValues: () =>
            found.customer ? customerValuesOf(found.customerValues) : customer.created ? customerValuesOf([]) : customerValues(tx, customer.customerId),
          // Read enabled in statement 1, then share-locked: a disable or delete committed meanwhile is seen (07 §3.7
          // refuses to delete a user with open assigned activities only if it can see them).
          userEnabled: async (id) => found.enabledUsers.has(id) && (await stateUnderShareLock(tx, 'app_user', id)) === 'enabled',
        },
      );
      const t = transition('new', null, await routingEvent(tx, route, alias, found.activeQueues));

      const stored = await storeEmail(
        tx,
        {
          caseId,
          newCase: caseId === undefined,
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
