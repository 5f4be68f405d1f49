// The customers of 10 §2.7, generated without a database: the same seed, scale and T always give the same
// customers in the same order (the test compares two generations). Ids are given when they are written
// (customers.ts): customer number i gets the i-th id of the reserved blocks, so ids ascend with `createdAt`.
//
// Every share of §2.7 is an exact count (random.ts `assignCategories`): at scale 0.002 (104 customers) exactly 68
// have a phone, 26 a postal address, 8 a second email address, 5 a login.
import { individualName } from '../../../src/areas/customer/customer.rows.ts';
import { cities, femaleFirstNames, firstNames, jobTitles, lastNames, maleFirstNames, streetTypes, streets } from '../lists.ts';
import { assignCategories, chooseExactly, Rng } from '../random.ts';
import { customerProfile, customersAtScale1, dataSpanMonths, departmentProfiles, regions, scaled } from '../reference.ts';
import { Timeline } from '../timeline.ts';

/** contact_point.priority: 3 high, 2 medium, 1 low (schema comment). */
export type Priority = 1 | 2 | 3;

export type EmailSpec = { address: string; priority: Priority };
export type PhoneSpec = {
  type: 'home' | 'mobile' | 'office';
  countryCode: string;
  areaCode: string | null;
  phoneNo: string;
  extension: string | null;
  priority: Priority;
};
export type PostalSpec = {
  type: 'home' | 'office' | 'billing' | 'shipping';
  address1: string;
  address2: string | null;
  city: string;
  state: string | null;
  zip: string;
  /** ISO 3166-1 alpha-2, upper case. */
  country: string;
  priority: Priority;
};

export type CustomerSpec = {
  /** 0-based number in creation order. */
  index: number;
  /** Index into departmentProfiles. */
  department: number;
  createdAt: number;
  lastModifiedAt: number;
  /** Agent numbers within the department (the users step creates them in this order). */
  createdBy: number;
  lastModifiedBy: number;
  salutation: string | null;
  firstName: string;
  middleName: string | null;
  lastName: string;
  gender: 'male' | 'female' | null;
  jobTitle: string | null;
  /** firstName, middleName, lastName joined by single spaces (03 §3). */
  customerName: string;
  /** 1 or 2; the first one is unique across all customers and is the login id when `login`. */
  emails: EmailSpec[];
  phone: PhoneSpec | null;
  postal: PostalSpec | null;
  login: boolean;
  externalId: string;
  loyaltyTier: string;
  region: string | null;
};

type Country = {
  code: string;
  weight: number;
  dial: string;
  states: readonly string[] | null;
  zip: (rng: Rng) => string;
};

const letter = (rng: Rng) => String.fromCharCode(65 + rng.int(26));
const usStates = ['AL', 'AZ', 'CA', 'CO', 'CT', 'FL', 'GA', 'IL', 'IN', 'MA', 'MD', 'MI', 'MN', 'MO', 'NC', 'NJ', 'NY', 'OH', 'OR', 'PA', 'TN', 'TX', 'VA', 'WA', 'WI'];
const countries: readonly Country[] = [
  { code: 'US', weight: 70, dial: '1', states: usStates, zip: (r) => r.digits(5) },
  { code: 'CA', weight: 6, dial: '1', states: ['AB', 'BC', 'MB', 'NS', 'ON', 'QC'], zip: (r) => `${letter(r)}${r.int(10)}${letter(r)} ${r.int(10)}${letter(r)}${r.int(10)}` },
  { code: 'GB', weight: 8, dial: '44', states: null, zip: (r) => `${letter(r)}${letter(r)}${r.between(1, 20)} ${r.int(10)}${letter(r)}${letter(r)}` },
  { code: 'DE', weight: 5, dial: '49', states: null, zip: (r) => r.digits(5) },
  { code: 'FR', weight: 4, dial: '33', states: null, zip: (r) => r.digits(5) },
  { code: 'ES', weight: 3, dial: '34', states: null, zip: (r) => r.digits(5) },
  { code: 'AU', weight: 2, dial: '61', states: ['NSW', 'QLD', 'SA', 'TAS', 'VIC', 'WA'], zip: (r) => String(r.between(2000, 7999)) },
  { code: 'IN', weight: 2, dial: '91', states: null, zip: (r) => String(r.between(110001, 855999)) },
];

const emailDomains = ['example.com', 'example.net', 'example.org', 'mail.example.com', 'inbox.example.net', 'post.example.org'];
const workDomains = ['work.example.com', 'corp.example.net', 'office.example.org'];

const maleSalutations = [['Mr.', 90], ['Dr.', 10]] as const;
const femaleSalutations = [['Ms.', 60], ['Mrs.', 25], ['Miss', 5], ['Dr.', 10]] as const;

/** Letters only, lower case: the part of a name that goes into an email address. */
const emailPart = (name: string) => name.toLowerCase().replace(/[^a-z]/g, '') || 'x';

function phoneOf(rng: Rng, country: Country): PhoneSpec {
  const type = rng.pickWeighted([['home', 40], ['mobile', 45], ['office', 15]] as const);
  const priority = rng.pickWeighted<Priority>([[3, 25], [2, 55], [1, 20]]);
  const extension = type === 'office' && rng.chance(0.2) ? rng.digits(rng.between(2, 4)) : null;
  if (country.dial === '1') {
    const area = `${rng.between(2, 9)}${rng.digits(2)}`;
    const exchange = `${rng.between(2, 9)}${rng.digits(2)}`;
    const line = rng.digits(4);
    // Numbers are written the way people type them; the digit-only search keys do not care (03 §9).
    const style = rng.weighted([50, 25, 10, 15]);
    if (style === 3) return { type, countryCode: '1', areaCode: null, phoneNo: `(${area}) ${exchange}-${line}`, extension, priority };
    const phoneNo = style === 0 ? `${exchange}-${line}` : style === 1 ? `${exchange}${line}` : `${exchange}.${line}`;
    return { type, countryCode: '1', areaCode: area, phoneNo, extension, priority };
  }
  const area = `${rng.between(1, 9)}${rng.digits(rng.between(1, 2))}`;
  const phoneNo = rng.chance(0.5) ? `${rng.digits(4)} ${rng.digits(4)}` : rng.digits(rng.between(6, 8));
  return { type, countryCode: country.dial, areaCode: area, phoneNo, extension, priority };
}

function postalOf(rng: Rng, country: Country): PostalSpec {
  const type = rng.pickWeighted([['home', 60], ['office', 20], ['billing', 10], ['shipping', 10]] as const);
  const address2 = rng.chance(0.2) ? `${rng.pick(['Apt', 'Suite', 'Unit', 'Floor'])} ${rng.between(1, 40)}${rng.chance(0.3) ? letter(rng) : ''}` : null;
  return {
    type,
    address1: `${rng.between(1, 9999)} ${rng.pick(streets)} ${rng.pick(streetTypes)}`,
    address2,
    city: rng.pick(cities),
    state: country.states ? rng.pick(country.states) : null,
    zip: country.zip(rng),
    country: country.code,
    priority: rng.pickWeighted<Priority>([[2, 70], [1, 30]]),
  };
}

export type CustomerGeneratorOptions = { seed: number; scale: number; now: Date };

/** The customers of a seed, scale and T, in creation order. */
export class CustomerGenerator implements Iterable<CustomerSpec> {
  readonly count: number;
  /** Customers per department (exact shares of 10 §2.1). */
  readonly perDepartment: number[];
  private readonly department: Uint8Array;
  private readonly created: Float64Array;
  private readonly personal: Uint8Array;
  private readonly middle: Uint8Array;
  private readonly secondEmail: Uint8Array;
  private readonly phone: Uint8Array;
  private readonly postal: Uint8Array;
  private readonly region: Uint8Array;
  private readonly login: Uint8Array;
  private readonly tier: Uint8Array;
  private readonly seed: number;
  private readonly end: number;

  constructor(opts: CustomerGeneratorOptions) {
    const n = (this.count = scaled(customersAtScale1, opts.scale));
    const stream = (name: string) => Rng.stream(opts.seed, `customers.${name}`);
    this.seed = opts.seed;
    this.end = opts.now.getTime();
    this.department = assignCategories(stream('department'), n, departmentProfiles.map((d) => d.share));
    this.perDepartment = departmentProfiles.map((_, d) => this.department.filter((x) => x === d).length);
    this.created = new Timeline(opts.now, dataSpanMonths).sampleSorted(stream('created'), n);
    this.personal = chooseExactly(stream('personal'), n, customerProfile.personal);
    this.middle = chooseExactly(stream('middle'), n, customerProfile.middleName);
    this.secondEmail = chooseExactly(stream('second email'), n, customerProfile.secondEmail);
    this.phone = chooseExactly(stream('phone'), n, customerProfile.phone);
    this.postal = chooseExactly(stream('postal'), n, customerProfile.postal);
    this.region = chooseExactly(stream('region'), n, customerProfile.region);
    this.login = chooseExactly(stream('login'), n, customerProfile.login);
    this.tier = assignCategories(stream('tier'), n, customerProfile.loyaltyTiers.map(([, share]) => share));
  }

  *[Symbol.iterator](): Iterator<CustomerSpec> {
    const rng = Rng.stream(this.seed, 'customers');
    for (let i = 0; i < this.count; i++) yield this.customer(rng, i);
  }

  /** Batches of up to `size` customers, in order. */
  *batches(size: number): Generator<CustomerSpec[]> {
    let batch: CustomerSpec[] = [];
    for (const c of this) {
      batch.push(c);
      if (batch.length === size) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length) yield batch;
  }

  private customer(rng: Rng, i: number): CustomerSpec {
    const department = this.department[i]!;
    const agents = departmentProfiles[department]!.agents;
    const createdAt = this.created[i]!;
    // Half were never changed after creation; the others were, mostly soon after.
    const lastModifiedAt = rng.chance(0.5) ? createdAt : Math.min(this.end - 1, createdAt + Math.floor((this.end - createdAt) * rng.float() ** 3));
    const createdBy = rng.int(agents);
    const lastModifiedBy = lastModifiedAt === createdAt ? createdBy : rng.int(agents);

    let gender: CustomerSpec['gender'] = null;
    let salutation: string | null = null;
    let jobTitle: string | null = null;
    let firstName: string;
    if (this.personal[i]) {
      gender = rng.chance(0.5) ? 'female' : 'male';
      firstName = rng.pick(gender === 'female' ? femaleFirstNames : maleFirstNames);
      salutation = rng.pickWeighted<string>(gender === 'female' ? femaleSalutations : maleSalutations);
      jobTitle = rng.pick(jobTitles);
    } else {
      firstName = rng.pick(firstNames);
    }
    const middleName = this.middle[i] ? (rng.chance(0.5) ? rng.pick(firstNames) : `${String.fromCharCode(65 + rng.int(26))}.`) : null;
    const lastName = rng.pick(lastNames);
    const customerName = individualName({ firstName, middleName, lastName });

    // Unique by construction: the customer number is part of the address (base 36), and the two patterns differ
    // (the first has two dots in its local part, the second none).
    const tag = (i + 1).toString(36);
    const emails: EmailSpec[] = [
      { address: `${emailPart(firstName)}.${emailPart(lastName)}.${tag}@${rng.pick(emailDomains)}`, priority: rng.chance(0.75) ? 3 : 2 },
    ];
    if (this.secondEmail[i]) {
      emails.push({ address: `${emailPart(firstName).charAt(0)}${emailPart(lastName)}${tag}@${rng.pick(workDomains)}`, priority: rng.chance(0.6) ? 2 : 1 });
    }
    const country = rng.pickWeighted(countries.map((c) => [c, c.weight] as const));
    const phone = this.phone[i] ? phoneOf(rng, country) : null;
    const postal = this.postal[i] ? postalOf(rng, country) : null;
    const region = this.region[i] ? rng.pick(regions) : null;

    return {
      index: i,
      department,
      createdAt,
      lastModifiedAt,
      createdBy,
      lastModifiedBy,
      salutation,
      firstName,
      middleName,
      lastName,
      gender,
      jobTitle,
      customerName,
      emails,
      phone,
      postal,
      login: this.login[i] === 1,
      externalId: `EXT-${String(i + 1).padStart(8, '0')}`,
      loyaltyTier: customerProfile.loyaltyTiers[this.tier[i]!]![0],
      region,
    };
  }
}
