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
