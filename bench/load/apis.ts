// The API mix of the reference load (10 §3.2): one entry per API, with its share of the requests, the request
// template shown in the report, the statuses that count as success and the reference system's p90 (10 §4).

export type Method = 'GET' | 'POST' | 'PUT';

/** The resource list wrapper a 200 (or 201) body holds: JSON key and XML root element (10 §3.4, 01 §5.1). */
export type Wrapper = { singular: string; plural: string };

export type ApiDef = {
  /** The row number of 10 §3.2. */
  no: number;
  /** The name used in the report (10 §3.2). */
  name: string;
  /** Share of all requests, in % (the shares add up to 100). */
  share: number;
  method: Method;
  /** Method and path as the report shows them. */
  template: string;
  /** Statuses of the "Success" column: each of them succeeds for every variant of the API (10 §3.4). */
  success: readonly number[];
  wrapper?: Wrapper;
  /** The p90 of the system being replaced (10 §4), in ms. */
  referenceP90Ms?: number;
  /** The API writes: its targets come from the pools of 10 §3.3. */
  write: boolean;
};

const activity: Wrapper = { singular: 'activity', plural: 'activities' };
const kase: Wrapper = { singular: 'case', plural: 'cases' };
const customer: Wrapper = { singular: 'customer', plural: 'customers' };
const note: Wrapper = { singular: 'note', plural: 'notes' };
const attachment: Wrapper = { singular: 'attachment', plural: 'attachments' };
const article: Wrapper = { singular: 'article', plural: 'articles' };

const A = '/system/ws/v12/interaction/activity';
const C = '/system/ws/v12/interaction/case';
const U = '/system/ws/v12/interaction/customer';
const K = '/system/ws/v12/kb/article';

export const apis: readonly ApiDef[] = [
  { no: 1, name: 'Get Email Activity by ID', share: 10, method: 'GET', template: `GET ${A}/{id}[?$attribute=all]`, success: [200], wrapper: activity, write: false },
  { no: 2, name: 'Get Activities by IDs', share: 2, method: 'GET', template: `GET ${A}/{id1},…,{id10}`, success: [200], wrapper: activity, write: false },
  { no: 3, name: 'Search Activity by Case', share: 6, method: 'GET', template: `GET ${A}?case={caseId}`, success: [200], wrapper: activity, write: false },
  {
    no: 4, name: 'Search Activity by Customer', share: 4, method: 'GET', template: `GET ${A}?customer={customerId}&$pagesize=25&$pagenum=1`,
    success: [200], wrapper: activity, write: false,
  },
  {
    no: 5, name: 'Search Activity by Status and Date', share: 4, method: 'GET',
    template: `GET ${A}?status=completed&type=email&lastModifiedDate=[{d}T00:00:00.000Z,{d}T23:59:59.999Z]&$sort=lastModifiedDate&$pagesize=20&$pagenum={1..5}`,
    success: [200, 204], wrapper: activity, write: false,
  },
  {
    no: 6, name: 'Get Chat Activity', share: 3, method: 'GET', template: `GET ${A}/{chatId}?$attribute=payload,contactPointData,created,userLastWorked`,
    success: [200], wrapper: activity, write: false,
  },
  {
    no: 7, name: 'Search Chat Activities', share: 2, method: 'GET',
    template: `GET ${A}?status=completed&type=chat&lastModifiedDate=[{from},]&$sort=lastModifiedDate&$pagesize=20&$pagenum=1`,
    success: [200, 204], wrapper: activity, write: false,
  },
  { no: 8, name: 'List Activity Attachments', share: 3, method: 'GET', template: `GET ${A}/{id}/attachment`, success: [200, 204], wrapper: attachment, write: false },
  {
    no: 9, name: 'Get Attachment Details', share: 2, method: 'GET', template: `GET ${A}/{id}/attachment/{attachmentId}[?$attribute=contentUrl]`,
    success: [200], wrapper: attachment, write: false,
  },
  { no: 10, name: 'Get Activity Notes', share: 2, method: 'GET', template: `GET ${A}/{id}/note`, success: [200, 204], wrapper: note, write: false },
  { no: 11, name: 'Post Inbound Activity', share: 6, method: 'POST', template: `POST ${A}`, success: [201], wrapper: activity, referenceP90Ms: 1270, write: true },
  {
    no: 12, name: 'Change Customer of Activity', share: 2, method: 'PUT', template: `PUT ${A}/changecustomer`, success: [204],
    referenceP90Ms: 705, write: true,
  },
  { no: 13, name: 'Change Case of Activity', share: 2, method: 'PUT', template: `PUT ${A}/{id}/changecase`, success: [204, 201], wrapper: kase, write: true },
  { no: 14, name: 'Transfer Activity', share: 3, method: 'PUT', template: `PUT ${A}/transfer?user={ownUserId}|?queue={queueId}`, success: [204], write: true },
  { no: 15, name: 'Complete Activity', share: 2, method: 'PUT', template: `PUT ${A}/complete`, success: [200], wrapper: activity, write: true },
  { no: 16, name: 'Add Activity Note', share: 2, method: 'POST', template: `POST ${A}/{id}/note`, success: [201], wrapper: note, write: true },
  { no: 17, name: 'Get Case by ID', share: 8, method: 'GET', template: `GET ${C}/{caseId}`, success: [200], wrapper: kase, write: false },
  { no: 18, name: 'Search Case by Customer', share: 4, method: 'GET', template: `GET ${C}?customer={customerId}&$pagesize=25&$pagenum=1`, success: [200], wrapper: kase, write: false },
  {
    no: 19, name: 'Search Case by Work Status', share: 4, method: 'GET',
    template: `GET ${C}?status={open|closed}&$sort=lastModifiedDate&$order=desc&$pagesize=25&$pagenum={1..4}`,
    success: [200], wrapper: kase, referenceP90Ms: 556, write: false,
  },
  { no: 20, name: 'Edit Case', share: 2, method: 'PUT', template: `PUT ${C}`, success: [204], write: true },
  { no: 21, name: 'Change Customer of Case', share: 1, method: 'PUT', template: `PUT ${C}/{caseId}/changecustomer`, success: [204], write: true },
  { no: 22, name: 'Close Case', share: 1, method: 'PUT', template: `PUT ${C}/{caseId}/close`, success: [204], write: true },
  { no: 23, name: 'Add Case Note', share: 1, method: 'POST', template: `POST ${C}/{caseId}/note`, success: [201], wrapper: note, write: true },
  { no: 24, name: 'Get Case Notes', share: 1, method: 'GET', template: `GET ${C}/{caseId}/note`, success: [200, 204], wrapper: note, write: false },
  { no: 25, name: 'Create Individual Customer', share: 3, method: 'POST', template: `POST ${U}`, success: [201], wrapper: customer, referenceP90Ms: 523, write: true },
  { no: 26, name: 'Get Customer by ID', share: 5, method: 'GET', template: `GET ${U}/{customerId}?$attribute=all`, success: [200], wrapper: customer, write: false },
  {
    no: 27, name: 'Search Customer by Email', share: 5, method: 'GET', template: `GET ${U}?email={address}&$attribute=all`, success: [200, 204],
    wrapper: customer, write: false,
  },
  {
    no: 28, name: 'Search Customer by Custom Attribute', share: 3, method: 'GET',
    template: `GET ${U}?custom.external_id={value} | ?custom.loyalty_tier=platinum&$pagesize=25&$pagenum={1..3}`,
    success: [200], wrapper: customer, referenceP90Ms: 750, write: false,
  },
  { no: 29, name: 'Edit Customer', share: 2, method: 'PUT', template: `PUT ${U}`, success: [204], write: true },
  { no: 30, name: 'Get Article by ID', share: 3, method: 'GET', template: `GET ${K}/{articleId}?$attribute=all`, success: [200], wrapper: article, write: false },
  { no: 31, name: 'List Articles in Folder', share: 2, method: 'GET', template: `GET ${K}?folder={folderId}&$pagesize=25&$pagenum=1`, success: [200], wrapper: article, write: false },
];

export const apiByNo = new Map(apis.map((a) => [a.no, a]));

/** A name as a key: lower case, letters and digits only ("Post Inbound Activity" → "postinboundactivity"). */
export const nameKey = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');
