// The seeding steps in the order they run. Later issues append theirs (cases, activities, notes, attachments,
// knowledge, queues, aliases, workflows, ...) after these; each reads what it needs from ctx.state.
import type { SeedStep } from '../pipeline.ts';
import { customAttributeDefinitionsStep } from './custom-attribute-definitions.ts';
import { customersStep } from './customers.ts';
import { departmentsStep } from './departments.ts';
import { usersStep } from './users.ts';

export const seedSteps: readonly SeedStep[] = [departmentsStep, usersStep, customAttributeDefinitionsStep, customersStep];
