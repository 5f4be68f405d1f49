// Real English words for the knowledge base (10 §2.8): article titles, keywords, summaries and bodies are made of
// them, so that searches a person would type ("reset password", "refund", "router") find articles, with common and
// rare terms. Product names (rare terms) come from the generated word list of lists.ts.

/** Things an article is about; multi-word objects stay phrases ("credit card"). */
export const kbObjects = [
  'password', 'account', 'billing address', 'invoice', 'payment method', 'credit card', 'direct debit', 'subscription',
  'contract', 'router', 'modem', 'mobile phone', 'SIM card', 'voicemail', 'email address', 'profile', 'order',
  'delivery', 'refund', 'warranty', 'claim', 'insurance policy', 'premium', 'device', 'smart home hub',
  'security camera', 'TV box', 'streaming service', 'broadband connection', 'data plan', 'roaming', 'PIN code',
  'login', 'two-factor authentication', 'receipt', 'statement', 'discount', 'loyalty points', 'gift card',
  'appointment', 'technician visit', 'return label', 'parcel', 'firmware', 'mobile app', 'Wi-Fi network', 'backup',
  'cloud storage', 'bill', 'late fee', 'tariff', 'phone number', 'eSIM', 'user name', 'security question',
  'notification', 'payment plan', 'bank transfer', 'cancellation', 'upgrade offer', 'replacement device', 'charger',
  'battery', 'screen', 'printer', 'remote control', 'set-top box', 'antenna', 'cable', 'outage', 'coverage',
  'voucher', 'newsletter', 'privacy settings', 'personal data', 'complaint', 'damage report', 'repair', 'spare part',
];

/** [imperative, gerund] */
export const kbVerbs: readonly (readonly [string, string])[] = [
  ['reset', 'Resetting'], ['change', 'Changing'], ['update', 'Updating'], ['cancel', 'Cancelling'],
  ['install', 'Installing'], ['configure', 'Configuring'], ['replace', 'Replacing'], ['activate', 'Activating'],
  ['track', 'Tracking'], ['request', 'Requesting'], ['return', 'Returning'], ['renew', 'Renewing'],
  ['transfer', 'Transferring'], ['verify', 'Verifying'], ['upgrade', 'Upgrading'], ['pay', 'Paying'],
  ['download', 'Downloading'], ['restore', 'Restoring'], ['connect', 'Connecting'], ['register', 'Registering'],
  ['close', 'Closing'], ['dispute', 'Disputing'], ['schedule', 'Scheduling'], ['report', 'Reporting'],
  ['recover', 'Recovering'], ['unlock', 'Unlocking'], ['set up', 'Setting up'], ['move', 'Moving'],
  ['check', 'Checking'], ['extend', 'Extending'],
];

export const kbIssues = [
  'not working', 'error messages', 'connection drops', 'slow speeds', 'unexpected charges', 'delays', 'not received',
  'keeps restarting', 'cannot sign in', 'missing items', 'wrong amount', 'duplicate payment', 'blocked', 'expired',
  'no signal', 'overheating', 'damaged on arrival', 'locked out', 'rejected', 'out of stock',
];

/** Everyday words of support texts, most frequent first (bodies draw them with a Zipf-like skew). */
export const kbFiller = [
  'the', 'to', 'your', 'you', 'and', 'a', 'of', 'in', 'is', 'for', 'we', 'can', 'on', 'it', 'if', 'please', 'with',
  'this', 'be', 'are', 'customer', 'service', 'when', 'will', 'our', 'not', 'or', 'from', 'after', 'before', 'by',
  'as', 'at', 'an', 'all', 'any', 'new', 'team', 'support', 'help', 'select', 'open', 'choose', 'settings', 'page',
  'online', 'portal', 'option', 'details', 'information', 'steps', 'following', 'first', 'then', 'next', 'again',
  'days', 'working', 'hours', 'minutes', 'business', 'usually', 'within', 'also', 'more', 'only', 'other', 'each',
  'until', 'while', 'during', 'without', 'about', 'between', 'current', 'previous', 'monthly', 'annual', 'free',
  'charge', 'fee', 'amount', 'balance', 'date', 'time', 'confirmation', 'message', 'email', 'letter', 'call',
  'agent', 'store', 'branch', 'website', 'button', 'menu', 'screen', 'form', 'field', 'number', 'code', 'reference',
  'request', 'case', 'ticket', 'status', 'update', 'change', 'check', 'make', 'sure', 'note', 'important', 'correct',
  'valid', 'required', 'available', 'possible', 'able', 'need', 'want', 'keep', 'find', 'see', 'send', 'receive',
  'get', 'use', 'try', 'follow', 'contact', 'visit', 'sign', 'enter', 'save', 'confirm', 'review', 'complete',
  'wait', 'restart', 'switch', 'turn', 'press', 'hold', 'seconds', 'light', 'green', 'red', 'signal', 'network',
  'home', 'office', 'address', 'name', 'identity', 'document', 'photo', 'copy', 'original', 'proof', 'purchase',
  'product', 'model', 'serial', 'version', 'latest', 'older', 'standard', 'premium', 'plan', 'package', 'offer',
  'price', 'discount', 'credit', 'debit', 'bank', 'card', 'account', 'payment', 'invoice', 'bill', 'period',
  'month', 'year', 'week', 'today', 'tomorrow', 'immediately', 'automatically', 'manually', 'securely', 'quickly',
  'easily', 'carefully', 'directly', 'separately', 'together', 'however', 'therefore', 'otherwise', 'instead',
  'example', 'case', 'problem', 'issue', 'question', 'answer', 'solution', 'reason', 'result', 'policy', 'terms',
  'conditions', 'rights', 'law', 'refund', 'return', 'exchange', 'repair', 'replacement', 'warranty', 'guarantee',
  'claim', 'damage', 'loss', 'theft', 'insurance', 'cover', 'excess', 'deductible', 'approval', 'decision',
];

export const folderNames = [
  'Accounts', 'Billing questions', 'Payments', 'Invoices', 'Orders', 'Shipping', 'Returns', 'Refunds', 'Devices',
  'Installation', 'Troubleshooting', 'Network', 'Mobile', 'Broadband', 'Television', 'Smart home', 'Security',
  'Privacy', 'Policies', 'Procedures', 'FAQs', 'How-to guides', 'Announcements', 'Promotions', 'Contracts',
  'Claims handling', 'Warranty', 'Repairs', 'Appointments', 'Loyalty programme', 'Business customers',
  'New customers', 'Moving home', 'Cancellations', 'Complaints', 'Escalations', 'Internal notes', 'Templates',
  'Scripts', 'Price lists', 'Product sheets', 'Outages', 'Apps', 'Login and passwords', 'Fraud', 'Collections',
];

export const topicNames = [
  'Getting started', 'Sign-in', 'Passwords', 'Profile', 'Payments', 'Invoices', 'Direct debit', 'Refunds',
  'Orders', 'Deliveries', 'Returns', 'Devices', 'Set-up', 'Connectivity', 'Wi-Fi', 'Mobile data', 'Roaming',
  'Television', 'Streaming', 'Smart home', 'Cameras', 'Security', 'Privacy', 'Contracts', 'Upgrades',
  'Cancellations', 'Claims', 'Warranty', 'Repairs', 'Appointments', 'Loyalty', 'Offers', 'Complaints', 'Outages',
  'Apps', 'Accessibility', 'Business', 'Moving', 'Fraud', 'Accounts',
];

/** Article types of 10 §2.1: `General` is the migration's global default; the others are seeded. */
export const articleTypeProfiles: readonly { name: string; description: string; department: number | null }[] = [
  { name: 'FAQ', description: 'Question and answer', department: 0 },
  { name: 'Policy', description: 'Rules and conditions', department: 2 },
  { name: 'Procedure', description: 'Step-by-step instructions', department: null },
  { name: 'Troubleshooting', description: 'Diagnosing and fixing problems', department: 3 },
  { name: 'Announcement', description: 'News and changes', department: null },
];

/** Sentences for the notes on articles. */
export const noteLines = [
  'Checked with the billing team: steps are still valid.',
  'Screenshots need an update after the portal redesign.',
  'Customers often skip step 3; worth highlighting.',
  'Legal asked to review the wording of the second paragraph.',
  'Linked from the welcome email since last quarter.',
  'Duplicate of an older article; keep until the merge.',
  'Agents report this solves most first-contact calls.',
  'Verify the prices before the next campaign.',
];
