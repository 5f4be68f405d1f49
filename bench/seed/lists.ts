// Word and name lists of the seeder, generated from syllables with a fixed internal seed: the same lists on every
// run and every machine, independent of the run's --seed, with no download. 10 §2.7 asks for at least 1,000 first
// and 1,000 last names; 10 §2.5 (a later step) for a word list of at least 5,000 words.
import { Rng } from './random.ts';

const listSeed = 0x5eed1157;

/** Distinct strings from `make` until there are `count` of them (deterministic: fixed seed, fixed order). */
function distinct(count: number, stream: string, make: (rng: Rng) => string, seedWith: readonly string[] = []): string[] {
  const rng = Rng.stream(listSeed, stream);
  const seen = new Set<string>();
  const out: string[] = [];
  const add = (s: string) => {
    const key = s.toLowerCase();
    if (!seen.has(key)) {
      seen.add(key);
      out.push(s);
    }
  };
  for (const s of seedWith) if (out.length < count) add(s);
  for (let tries = 0; out.length < count; tries++) {
    if (tries > count * 200) throw new Error(`cannot make ${count} distinct ${stream}`);
    add(make(rng));
  }
  return out;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

// ---- first names --------------------------------------------------------------------------------------------------

const nameOnsets = [
  'al', 'an', 'ar', 'bel', 'bren', 'cal', 'car', 'cor', 'dal', 'dan', 'dor', 'el', 'em', 'er', 'fal', 'fen', 'gar',
  'gil', 'hal', 'hel', 'is', 'jan', 'jor', 'kal', 'ker', 'lan', 'lor', 'lu', 'mar', 'mel', 'mir', 'nal', 'nor', 'or',
  'pel', 'quin', 'ral', 'ros', 'sal', 'sel', 'tal', 'tor', 'ul', 'val', 'ver', 'wil', 'yor', 'zel',
];
const nameMiddles = ['', '', 'a', 'e', 'i', 'o', 'an', 'el', 'in', 'or', 'is', 'en'];
const femaleEndings = ['a', 'ia', 'ine', 'elle', 'ette', 'ina', 'ara', 'ie', 'ey', 'ynn', 'ora', 'issa'];
const maleEndings = ['o', 'an', 'er', 'us', 'on', 'iel', 'ard', 'en', 'ric', 'ton', 'as', 'ius'];

const realFemale = [
  'Ann', 'Mary', 'Linda', 'Susan', 'Karen', 'Laura', 'Emma', 'Olivia', 'Sophia', 'Isabel', 'Julia', 'Clara', 'Nora',
  'Grace', 'Hannah', 'Lucy', 'Alice', 'Sara', 'Maria', 'Elena', 'Ingrid', 'Astrid', 'Chloe', 'Amelie', 'Priya',
  'Aisha', 'Mei', 'Yuki', 'Fatima', 'Zoe', 'Jenny', 'Rosa', 'Paula', 'Irene', 'Helen', 'Ruth', 'Eva', 'Lena',
];
const realMale = [
  'John', 'James', 'Robert', 'Michael', 'David', 'Thomas', 'Daniel', 'Paul', 'Mark', 'Peter', 'Lucas', 'Noah',
  'Liam', 'Oliver', 'Henry', 'Samuel', 'Jack', 'Tom', 'Mike', 'Carlos', 'Diego', 'Marco', 'Luca', 'Hans', 'Jonas',
  'Erik', 'Lars', 'Rahul', 'Arjun', 'Kenji', 'Omar', 'Ali', 'Pierre', 'Felix', 'Hugo', 'Leon', 'Victor', 'Adam',
];

const givenName = (endings: readonly string[]) => (rng: Rng) => {
  const name = rng.pick(nameOnsets) + rng.pick(nameMiddles) + rng.pick(endings);
  return capitalise(name.replace(/(.)\1\1/g, '$1$1'));
};

/** 650 female and 650 male first names (1,300 in all). */
export const femaleFirstNames: readonly string[] = distinct(650, 'female first names', givenName(femaleEndings), realFemale);
export const maleFirstNames: readonly string[] = distinct(650, 'male first names', givenName(maleEndings), realMale);
export const firstNames: readonly string[] = [...femaleFirstNames, ...maleFirstNames];

// ---- last names ---------------------------------------------------------------------------------------------------

const lastPrefixes = [
  'Ash', 'Black', 'Bram', 'Brook', 'Cald', 'Crest', 'Dal', 'Ell', 'Fair', 'Fox', 'Glen', 'Hal', 'Hart', 'Hol', 'Kings',
  'Lang', 'Mar', 'Mill', 'Nor', 'Oak', 'Pem', 'Ray', 'Red', 'Ros', 'Stan', 'Thorn', 'Wal', 'West', 'Whit', 'Wood',
  'Bar', 'Bel', 'Carr', 'Dun', 'East', 'Fern', 'Gold', 'Green', 'Hay', 'Iver', 'Kent', 'Lind', 'Mor', 'New', 'Pen',
  'Rad', 'Sand', 'Shel', 'Sum', 'Tal', 'Ver', 'Wes', 'Win', 'York',
];
const lastSuffixes = [
  'ford', 'ton', 'well', 'wood', 'by', 'ley', 'man', 'field', 'stone', 'worth', 'son', 'berg', 'mont', 'shaw',
  'hurst', 'more', 'ridge', 'croft', 'dale', 'wick', 'ham', 'land', 'brook', 'mann', 'sen', 'er',
];
const realLast = [
  'Lee', 'Berg', 'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Martinez', 'Lopez',
  'Wilson', 'Anderson', 'Taylor', 'Moore', 'Martin', 'Clark', 'Lewis', 'Walker', 'Young', 'King', 'Wright', 'Scott',
  'Nguyen', 'Hill', 'Green', 'Adams', 'Baker', 'Nelson', 'Carter', 'Mitchell', 'Perez', 'Roberts', 'Turner',
  'Phillips', 'Campbell', 'Parker', 'Evans', 'Edwards', 'Collins', 'Stewart', 'Morris', 'Rogers', 'Reed', 'Cook',
  'Morgan', 'Bell', 'Murphy', 'Bailey', 'Rivera', 'Cooper', 'Richardson', 'Cox', 'Howard', 'Ward', 'Torres', 'Peterson',
  'Gray', 'Ramirez', 'James', 'Watson', 'Brooks', 'Kelly', 'Sanders', 'Price', 'Bennett', 'Wood', 'Barnes', 'Ross',
  'Henderson', 'Coleman', 'Jenkins', 'Perry', 'Powell', 'Long', 'Patterson', 'Hughes', 'Flores', 'Washington',
  'Butler', 'Simmons', 'Foster', 'Gonzales', 'Bryant', 'Alexander', 'Russell', 'Griffin', 'Diaz', 'Hayes', 'Anthony',
  'Olsen', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Hoffmann', 'Dubois', 'Moreau',
  'Laurent', 'Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano', 'Sato', 'Suzuki', 'Tanaka', 'Kim', 'Park',
  'Chen', 'Wang', 'Zhang', 'Li', 'Liu', 'Singh', 'Kumar', 'Sharma', 'Patel', 'Khan', 'Silva', 'Santos', 'Costa',
];

/** 1,200 last names. */
export const lastNames: readonly string[] = distinct(1200, 'last names', (rng) => (rng.pick(lastPrefixes) + rng.pick(lastSuffixes)).replace(/(.)\1\1/g, '$1$1'), realLast);

// ---- words (subjects and bodies of later steps) -------------------------------------------------------------------

const consonants = ['b', 'c', 'd', 'f', 'g', 'h', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'w', 'z', 'ch', 'st', 'tr', 'pl', 'br'];
const vowels = ['a', 'e', 'i', 'o', 'u', 'ea', 'io', 'ou'];
const codas = ['', '', '', 'n', 'r', 's', 't', 'l', 'nd', 'st', 'ck', 'm'];

const commonWords = [
  'account', 'address', 'billing', 'card', 'charge', 'claim', 'contract', 'delivery', 'device', 'error', 'invoice',
  'order', 'payment', 'plan', 'policy', 'refund', 'renewal', 'request', 'service', 'update', 'upgrade', 'warranty',
  'help', 'issue', 'problem', 'question', 'status', 'change', 'cancel', 'login', 'password', 'support',
];

/** 6,000 lower-case words: common support vocabulary first, then generated ones of 1–3 syllables. */
export const words: readonly string[] = distinct(
  6000,
  'words',
  (rng) => {
    const syllables = 1 + rng.weighted([3, 5, 2]);
    let w = '';
    for (let i = 0; i < syllables; i++) w += rng.pick(consonants) + rng.pick(vowels);
    return w + rng.pick(codas);
  },
  commonWords,
);

// ---- places -------------------------------------------------------------------------------------------------------

const cityEndings = ['ville', 'ton', 'field', 'burg', 'port', 'wood', 'bridge', 'haven', 'ford', 'mouth', ' Springs', ' Falls', ' City'];

/** 400 city names. */
export const cities: readonly string[] = distinct(400, 'cities', (rng) => capitalise(rng.pick(nameOnsets) + rng.pick(nameMiddles)) + rng.pick(cityEndings));

/** 300 street names (without the street type). */
export const streets: readonly string[] = distinct(300, 'streets', (rng) =>
  rng.chance(0.5) ? rng.pick(lastNames) : capitalise(rng.pick(nameOnsets) + rng.pick(['ing', 'wood', 'view', 'dale', 'side', 'crest'])),
);

export const streetTypes = ['Street', 'Avenue', 'Road', 'Lane', 'Drive', 'Court', 'Way', 'Boulevard', 'Place', 'Terrace'];

export const jobTitles = [
  'Accountant', 'Analyst', 'Architect', 'Buyer', 'CTO', 'CEO', 'CFO', 'Consultant', 'Designer', 'Developer',
  'Director', 'Engineer', 'Financial Advisor', 'Head of Operations', 'HR Manager', 'IT Manager', 'Lawyer', 'Manager',
  'Marketing Manager', 'Nurse', 'Office Manager', 'Owner', 'Pharmacist', 'Physician', 'Product Manager',
  'Project Manager', 'Purchasing Agent', 'Sales Representative', 'Scientist', 'Software Engineer', 'Student',
  'Teacher', 'Technician', 'Translator', 'Vice President', 'Writer', 'Administrator', 'Electrician', 'Chef', 'Pilot',
];
