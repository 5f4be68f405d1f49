// The numbers of the reference data set (10 §2) that the steps of this seeder use, in one place. Counts of
// interaction data are given at scale 1.0 and multiplied by --scale; configuration objects are not scaled (§2.2).

export const referenceSeed = 20240101;

/** The data spans this many months before T (§2.2). */
export const dataSpanMonths = 36;

export type DepartmentProfile = {
  name: string;
  description: string;
  /** Share of customers, cases and activities, in % (§2.1). */
  share: number;
  supervisors: number;
  agents: number;
};

/** §2.1: the five departments in their fixed order; `Service` is the one the server's bootstrap creates. */
export const departmentProfiles: readonly DepartmentProfile[] = [
  { name: 'Service', description: 'Customer service', share: 45, supervisors: 5, agents: 135 },
  { name: 'Sales', description: 'Sales and new business', share: 20, supervisors: 5, agents: 60 },
  { name: 'Billing', description: 'Invoices, payments and refunds', share: 15, supervisors: 5, agents: 45 },
  { name: 'Support', description: 'Technical support', share: 12, supervisors: 5, agents: 36 },
  { name: 'Claims', description: 'Claims and warranty', share: 8, supervisors: 5, agents: 24 },
];

/** §2.1: administrators besides `sa` and the benchmark users. */
export const administratorCount = 2;
/** §2.1: `bench01`..`bench05`, home department Service, Sales, Billing, Support, Claims in turn. */
export const benchUserCount = 5;
export const benchLoginId = (i: number) => `bench${String(i + 1).padStart(2, '0')}`;

export const defaultBenchPassword = 'Bench-Pass-2024';
export const defaultCustomerPassword = 'Customer-Pass-2024';

/** §2.1: individual customers at scale 1.0, one contact person each. */
export const customersAtScale1 = 51_770;

/** A count of interaction data at this scale (§2.2). */
export function scaled(countAtScale1: number, scale: number): number {
  return Math.round(countAtScale1 * scale);
}

/** §2.7, as fractions of the customers (every share becomes an exact count, see random.ts `assignCategories`). */
export const customerProfile = {
  /** salutation, gender and job title */
  personal: 0.7,
  /** not in §2.7; a little variety for customerName */
  middleName: 0.1,
  secondEmail: 0.08,
  phone: 0.65,
  postal: 0.25,
  region: 0.8,
  login: 0.05,
  loyaltyTiers: [
    ['bronze', 60],
    ['silver', 25],
    ['gold', 12],
    ['platinum', 3],
  ] as const,
};

/** 12 values of the `region` attribute; `Northeast` is the value of the create example A2 (03 §7.3). */
export const regions = [
  'Northeast', 'Mid-Atlantic', 'Southeast', 'Great Lakes', 'Midwest', 'Great Plains',
  'Southwest', 'Mountain West', 'Pacific Northwest', 'California', 'Alaska and Hawaii', 'International',
] as const;

/** 10 values of the case attribute `product_line`. */
export const productLines = [
  'Broadband Basic', 'Broadband Fiber', 'Mobile Prepaid', 'Mobile Postpaid', 'TV Essentials',
  'TV Premium', 'Smart Home Hub', 'Home Security', 'Cloud Backup', 'Device Protection',
] as const;

export type DefinitionProfile = {
  objectType: 'customer' | 'case' | 'activity';
  name: string;
  displayName: string;
  dataType: 'string' | 'integer';
  maxLength: number | null;
  minimum: string | null;
  maximum: string | null;
  values: readonly { value: string; label: string }[] | null;
  unique: boolean;
};

const labelled = (values: readonly string[], label = (v: string) => v.charAt(0).toUpperCase() + v.slice(1)) =>
  values.map((value) => ({ value, label: label(value) }));

/** §2.9: the seven custom attribute definitions (07 §13), in creation order. */
export const definitionProfiles: readonly DefinitionProfile[] = [
  { objectType: 'customer', name: 'external_id', displayName: 'External id', dataType: 'string', maxLength: 64, minimum: null, maximum: null, values: null, unique: true },
  {
    objectType: 'customer', name: 'loyalty_tier', displayName: 'Loyalty tier', dataType: 'string', maxLength: 255, minimum: null, maximum: null,
    values: labelled(customerProfile.loyaltyTiers.map(([v]) => v)), unique: false,
  },
  { objectType: 'customer', name: 'region', displayName: 'Region', dataType: 'string', maxLength: 255, minimum: null, maximum: null, values: labelled(regions, (v) => v), unique: false },
  { objectType: 'case', name: 'external_case_id', displayName: 'External case id', dataType: 'string', maxLength: 64, minimum: null, maximum: null, values: null, unique: false },
  { objectType: 'case', name: 'product_line', displayName: 'Product line', dataType: 'string', maxLength: 255, minimum: null, maximum: null, values: labelled(productLines, (v) => v), unique: false },
  { objectType: 'activity', name: 'customer_rating', displayName: 'Customer rating', dataType: 'integer', maxLength: null, minimum: '1', maximum: '5', values: null, unique: false },
  {
    objectType: 'activity', name: 'sentiment', displayName: 'Sentiment', dataType: 'string', maxLength: 255, minimum: null, maximum: null,
    values: labelled(['positive', 'neutral', 'negative']), unique: false,
  },
];

// ---- queues, entry points, cases and activities (§2.1, §2.3, §2.4) ------------------------------------------------

/** §2.1: queues per department (order of `departmentProfiles`), chat queues among them = chat entry points. */
export const queuesPerDepartment = [120, 70, 55, 43, 20] as const;
export const entryPointsPerDepartment = [12, 7, 6, 5, 3] as const;
/** Zipf-like queue volume (§2.4): the busiest 20 % of a department's queues take 70 % of its activities. */
export const queueTopShare = { queues: 0.2, volume: 0.7 } as const;

/** §2.1 at scale 1.0. */
export const casesAtScale1 = 590_925;
export const activitiesAtScale1 = 1_030_019;
export const chatsAtScale1 = 1_638;
export const calltracksAtScale1 = 262;
export const activityNotesAtScale1 = 1_625;
export const caseNotesAtScale1 = 696;

/** §2.4: activities per case, `[min, max, share %]`. */
export const activitiesPerCase: readonly (readonly [number, number, number])[] = [
  [1, 1, 64], [2, 2, 21], [3, 3, 7.5], [4, 4, 3.5], [5, 5, 1.5], [6, 10, 2], [11, 40, 0.5],
];
/** §2.4: cases per customer, `[min, max, share %]`. */
export const casesPerCustomer: readonly (readonly [number, number, number])[] = [
  [1, 2, 30], [3, 5, 25], [6, 10, 20], [11, 25, 16], [26, 100, 8], [101, 500, 1],
];

export const interactionProfile = {
  /** Cases whose first activity is a composed outbound email (the other email-first cases start inbound). */
  composeFirst: 0.1,
  /** Email statuses: completed/done, assigned/in_progress, awaiting_assignment/in_queue. */
  emailStatus: [92.5, 4, 3.5] as const,
  openCases: 0.1,
  /** Of the activities that are not completed, this share was created in the `recentDays` before T (§2.3). */
  openRecent: 0.7,
  recentDays: 90,
  /** Handling time (creation to completion): log-normal, median 6 h, p90 3 days, capped at 30 days (§2.3). */
  handlingMedianHours: 6,
  handlingP90Hours: 72,
  handlingCapDays: 30,
  /** 20 % of a department's agents handle 50 % of the work (§2.4). */
  busyAgents: 0.2,
  busyAgentsWork: 0.5,
  /** Assigned emails per benchmark user (§2.4; not scaled, but at most a tenth of the assigned emails each). */
  assignedPerBenchUser: 3000,
  priorityDefault: 0.8,
  severities: [['low', 40], ['medium', 45], ['high', 12], ['urgent', 3]] as const,
  dueDate: 0.3,
  externalCaseId: 0.4,
  productLine: 0.7,
  /** Of completed emails. */
  customerRating: 0.25,
  /** Of emails. */
  sentiment: 0.15,
  /** Emails of customers with a second email address that use it. */
  secondEmailUse: 0.2,
  /** Chats in which a second agent took part (§2.5). */
  chatSecondAgent: 0.05,
  chatMessagesMin: 6,
  chatMessagesMax: 60,
  chatMessagesMedian: 18,
  /** Pools of the manifest (§3.3). */
  queuePoolCap: 40_000,
  pairPoolAtScale1: 20_000,
  pairPoolCap: 40_000,
} as const;
