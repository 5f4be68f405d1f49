// The seeding steps in the order they run. Later issues append theirs (cases, activities, notes, attachments,
// knowledge, queues, aliases, workflows, ...) after these; each reads what it needs from ctx.state.
import type { SeedStep } from '../pipeline.ts';
import { customAttributeDefinitionsStep } from './custom-attribute-definitions.ts';
import { customersStep } from './customers.ts';
import { departmentsStep } from './departments.ts';
import { interactionsStep } from './interactions.ts';
import { knowledgeStep } from './knowledge.ts';
import { queuesStep } from './queues.ts';
import { usersStep } from './users.ts';

export const seedSteps: readonly SeedStep[] = [
  departmentsStep,
  usersStep,
  customAttributeDefinitionsStep,
  customersStep,
  queuesStep,
  interactionsStep,
  // The email content step goes here (a later issue): email aliases (they name queues of ctx.state.queues), then
  // activity_content (text/HTML bodies, from/receiver/to/cc, email_date, alias) for every email of
  // ctx.state.interactions, and the attachments of 10 §2.6; it fills manifest.activities.emailsWithAttachments /
  // emailsWithoutAttachments. Until then seeded emails have no activity_content row (payload.email without contents).
  // It draws its attachment bytes from the pool the knowledge step shares (content-pool.ts: storePoolFiles).
  knowledgeStep,
];
