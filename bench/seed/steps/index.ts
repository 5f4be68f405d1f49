// The seeding steps in the order they run. Later issues append theirs (cases, activities, notes, attachments,
// knowledge, queues, aliases, workflows, ...) after these; each reads what it needs from ctx.state.
import type { SeedStep } from '../pipeline.ts';
import { customAttributeDefinitionsStep } from './custom-attribute-definitions.ts';
import { customersStep } from './customers.ts';
import { departmentsStep } from './departments.ts';
import { emailStep } from './email.ts';
import { interactionsStep } from './interactions.ts';
import { knowledgeStep } from './knowledge.ts';
import { purgeJobsStep } from './purge-jobs.ts';
import { queuesStep } from './queues.ts';
import { usersStep } from './users.ts';

export const seedSteps: readonly SeedStep[] = [
  departmentsStep,
  usersStep,
  customAttributeDefinitionsStep,
  customersStep,
  queuesStep,
  interactionsStep,
  // Email aliases, workflows, macros, standard messages, then activity_content and the attachments of every email of
  // ctx.state.interactions (10 §2.5, §2.6, §2.10); it fills manifest.activities.emailsWithAttachments /
  // emailsWithoutAttachments, manifest.aliases and manifest.email. Its attachment bytes come from the pool the
  // knowledge step shares (content-pool.ts: storePoolFiles).
  emailStep,
  knowledgeStep,
  // The three manual purge jobs of 10 §2.1 (configuration).
  purgeJobsStep,
];
