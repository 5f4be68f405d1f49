// Request bodies of the writes of 10 §3.2, in JSON and in XML (the namespaces of 01 §4.1; the server matches local
// names, 01 §3.3, but the bodies are written as a real client would).

export type Format = 'json' | 'xml';

const ns = {
  act: 'http://bindings.egain.com/ws/model/v12/gen/interaction/activity',
  cas: 'http://bindings.egain.com/ws/model/v12/gen/interaction/case',
  cus: 'http://bindings.egain.com/ws/model/v12/gen/interaction/customer',
  cpe: 'http://bindings.egain.com/ws/model/v12/gen/interaction/contactperson',
  cpt: 'http://bindings.egain.com/ws/model/v12/gen/interaction/contactpoint',
  not: 'http://bindings.egain.com/ws/model/v12/gen/interaction/notes',
  cmn: 'http://bindings.egain.com/ws/model/v12/gen/common',
  plt: 'http://bindings.egain.com/ws/model/v12/gen/platform',
};

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const decl = '<?xml version="1.0" encoding="UTF-8"?>';
const xmlns = (root: keyof typeof ns, ...prefixes: (keyof typeof ns)[]) =>
  `xmlns="${ns[root]}"${prefixes.map((p) => ` xmlns:${p}="${ns[p]}"`).join('')}`;

export type InboundEmail = { department: string; subject: string; text: string; html: string; from: string; receiver: string };

/** Post Inbound Activity (05 §9.3): an inbound email. */
export function inboundBody(f: Format, m: InboundEmail): string {
  if (f === 'json') {
    return JSON.stringify({
      department: { name: m.department },
      type: { value: 'email', subtype: { value: 'general' } },
      subject: m.subject,
      payload: {
        email: {
          contents: { content: [{ type: 'text', value: m.text }, { type: 'html', value: m.html }] },
          emailAddresses: { from: m.from, receiver: m.receiver },
        },
      },
    });
  }
  return (
    `${decl}<activity ${xmlns('act', 'plt', 'cmn')}>` +
    `<department><plt:name>${escapeXml(m.department)}</plt:name></department>` +
    '<type><value>email</value><subtype><cmn:value>general</cmn:value></subtype></type>' +
    `<subject>${escapeXml(m.subject)}</subject>` +
    '<payload><email><contents>' +
    `<content><cmn:type>text</cmn:type><cmn:value>${escapeXml(m.text)}</cmn:value></content>` +
    `<content><cmn:type>html</cmn:type><cmn:value>${escapeXml(m.html)}</cmn:value></content>` +
    `</contents><emailAddresses><from>${escapeXml(m.from)}</from><receiver>${escapeXml(m.receiver)}</receiver></emailAddresses>` +
    '</email></payload></activity>'
  );
}

/** Change Customer of Activity (05 §9.9): the load-test body. */
export function changeCustomerOfActivityBody(f: Format, activityId: number, contactPointId: number): string {
  if (f === 'json') {
    return JSON.stringify({
      activity: [{ id: String(activityId), customer: { contactPersons: { contactPerson: [{ contactPoints: { contactPoint: [{ id: String(contactPointId) }] } }] } } }],
    });
  }
  return (
    `${decl}<activities ${xmlns('act', 'cus', 'cpe', 'cpt')}><activity id="${activityId}"><customer>` +
    `<cus:contactPersons><cpe:contactPerson><cpe:contactPoints><cpt:contactPoint id="${contactPointId}"/></cpe:contactPoints></cpe:contactPerson></cus:contactPersons>` +
    '</customer></activity></activities>'
  );
}

/** Change Case of Activity (05 §9.10): an existing case, or `{}` for a new one. */
export function changeCaseBody(f: Format, caseId: number | undefined): string {
  if (f === 'json') return caseId === undefined ? '{}' : JSON.stringify({ id: String(caseId) });
  return caseId === undefined ? `${decl}<case ${xmlns('cas')}/>` : `${decl}<case ${xmlns('cas')} id="${caseId}"/>`;
}

/** The batch body of Transfer and Complete (05 §9.8, §9.11). */
export function activityListBody(f: Format, ids: readonly number[]): string {
  if (f === 'json') return JSON.stringify({ activity: ids.map((id) => ({ id: String(id) })) });
  return `${decl}<activities ${xmlns('act')}>${ids.map((id) => `<activity id="${id}"/>`).join('')}</activities>`;
}

/** A note (04 §9.2, 05 §9.14). */
export function noteBody(f: Format, content: string): string {
  if (f === 'json') return JSON.stringify({ content });
  return `${decl}<note ${xmlns('not')}><content>${escapeXml(content)}</content></note>`;
}

export type CaseChange = { subject: string } | { severity: string } | { productLine: string };

/** Edit Case (04 §7.3): id, a future due date and one change. */
export function editCaseBody(f: Format, caseId: number, dueDate: string, change: CaseChange): string {
  if (f === 'json') {
    const body: Record<string, unknown> = { id: String(caseId), dueDate };
    if ('subject' in change) body.subject = change.subject;
    else if ('severity' in change) body.severity = { value: change.severity };
    else body.customAttributes = { customAttribute: [{ attribName: 'product_line', attribValues: { attribValue: [{ value: change.productLine }] } }] };
    return JSON.stringify(body);
  }
  let inner: string;
  if ('subject' in change) inner = `<subject>${escapeXml(change.subject)}</subject>`;
  else if ('severity' in change) inner = `<severity><cmn:value>${escapeXml(change.severity)}</cmn:value></severity>`;
  else {
    inner =
      '<customAttributes><cmn:customAttribute><cmn:attribName>product_line</cmn:attribName>' +
      `<cmn:attribValues><cmn:attribValue><cmn:value>${escapeXml(change.productLine)}</cmn:value></cmn:attribValue></cmn:attribValues>` +
      '</cmn:customAttribute></customAttributes>';
  }
  return `${decl}<case ${xmlns('cas', 'cmn')} id="${caseId}"><dueDate>${dueDate}</dueDate>${inner}</case>`;
}

/** Change Customer of Case (04 §7.5). */
export function changeCustomerOfCaseBody(f: Format, customerId: number): string {
  if (f === 'json') return JSON.stringify({ customer: { id: String(customerId) } });
  return `${decl}<case ${xmlns('cas')}><customer id="${customerId}"/></case>`;
}

export type NewCustomer = {
  department: string;
  salutation: string;
  firstName: string;
  lastName: string;
  gender: 'male' | 'female';
  jobTitle: string;
  phoneType: 'home' | 'mobile' | 'office';
  phoneNo: string;
  email: string;
  externalId: string;
  loyaltyTier: string;
  region: string;
};

/** Create Individual Customer: 03 §7.3 example A2. */
export function createCustomerBody(f: Format, c: NewCustomer): string {
  const attributes: [string, string][] = [
    ['external_id', c.externalId],
    ['loyalty_tier', c.loyaltyTier],
    ['region', c.region],
  ];
  if (f === 'json') {
    return JSON.stringify({
      type: { value: 'individual' },
      department: { name: c.department },
      contactPersons: {
        contactPerson: [
          {
            salutation: c.salutation,
            firstName: c.firstName,
            lastName: c.lastName,
            gender: { value: c.gender },
            jobTitle: c.jobTitle,
            contactPoints: {
              contactPoint: [
                { type: { value: 'phone', phone: { type: { value: c.phoneType }, phoneNo: c.phoneNo, countryCode: '1' } }, priority: { value: 'high' } },
                { type: { value: 'email', email: { emailAddress: c.email } }, priority: { value: 'high' } },
              ],
            },
          },
        ],
      },
      customAttributes: { customAttribute: attributes.map(([name, value]) => ({ attribName: name, attribValues: { attribValue: [{ value }] } })) },
    });
  }
  return (
    `${decl}<customer ${xmlns('cus', 'cpe', 'cpt', 'cmn', 'plt')}>` +
    '<type><value>individual</value></type>' +
    `<department><plt:name>${escapeXml(c.department)}</plt:name></department>` +
    '<contactPersons><cpe:contactPerson>' +
    `<cpe:salutation>${escapeXml(c.salutation)}</cpe:salutation><cpe:firstName>${escapeXml(c.firstName)}</cpe:firstName>` +
    `<cpe:lastName>${escapeXml(c.lastName)}</cpe:lastName><cpe:gender><cmn:value>${c.gender}</cmn:value></cpe:gender>` +
    `<cpe:jobTitle>${escapeXml(c.jobTitle)}</cpe:jobTitle><cpe:contactPoints>` +
    `<cpt:contactPoint><cpt:type><cpt:value>phone</cpt:value><cpt:phone><cpt:type><cmn:value>${c.phoneType}</cmn:value></cpt:type>` +
    `<cpt:countryCode>1</cpt:countryCode><cpt:phoneNo>${escapeXml(c.phoneNo)}</cpt:phoneNo></cpt:phone></cpt:type>` +
    '<cpt:priority><cmn:value>high</cmn:value></cpt:priority></cpt:contactPoint>' +
    `<cpt:contactPoint><cpt:type><cpt:value>email</cpt:value><cpt:email><cpt:emailAddress>${escapeXml(c.email)}</cpt:emailAddress></cpt:email></cpt:type>` +
    '<cpt:priority><cmn:value>high</cmn:value></cpt:priority></cpt:contactPoint>' +
    '</cpe:contactPoints></cpe:contactPerson></contactPersons>' +
    `<customAttributes>${attributes.map(([name, value]) => customAttributeXml(name, value)).join('')}</customAttributes>` +
    '</customer>'
  );
}

function customAttributeXml(name: string, value: string): string {
  return (
    `<cmn:customAttribute><cmn:attribName>${escapeXml(name)}</cmn:attribName>` +
    `<cmn:attribValues><cmn:attribValue><cmn:value>${escapeXml(value)}</cmn:value></cmn:attribValue></cmn:attribValues></cmn:customAttribute>`
  );
}

/** Edit Customer (03 §7.4): a bare customer with its id and a new `region`. */
export function editCustomerRegionBody(f: Format, customerId: number, region: string): string {
  if (f === 'json') {
    return JSON.stringify({ id: String(customerId), customAttributes: { customAttribute: [{ attribName: 'region', attribValues: { attribValue: [{ value: region }] } }] } });
  }
  return `${decl}<customer ${xmlns('cus', 'cmn')} id="${customerId}"><customAttributes>${customAttributeXml('region', region)}</customAttributes></customer>`;
}

/** Edit Customer (03 §7.4): a new address on the existing email contact point. */
export function editCustomerEmailBody(f: Format, customerId: number, contactPersonId: number, contactPointId: number, email: string): string {
  if (f === 'json') {
    return JSON.stringify({
      id: String(customerId),
      contactPersons: {
        contactPerson: [{ id: String(contactPersonId), contactPoints: { contactPoint: [{ id: String(contactPointId), type: { email: { emailAddress: email } } }] } }],
      },
    });
  }
  return (
    `${decl}<customer ${xmlns('cus', 'cpe', 'cpt')} id="${customerId}"><contactPersons><cpe:contactPerson id="${contactPersonId}"><cpe:contactPoints>` +
    `<cpt:contactPoint id="${contactPointId}"><cpt:type><cpt:email><cpt:emailAddress>${escapeXml(email)}</cpt:emailAddress></cpt:email></cpt:type></cpt:contactPoint>` +
    '</cpe:contactPoints></cpe:contactPerson></contactPersons></customer>'
  );
}

/** multipart/form-data of 05 §9.4: the activity in `data`, its type in `data-type`, one file part. */
export function multipartBody(f: Format, data: string, file: { fileName: string; contentType: string; bytes: Buffer }, boundary: string): Buffer {
  const type = f === 'json' ? 'application/json' : 'application/xml';
  const head =
    `--${boundary}\r\nContent-Disposition: form-data; name="data"\r\nContent-Type: ${type}; charset=utf-8\r\n\r\n${data}\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="data-type"\r\n\r\n${type}\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="file1"; filename="${file.fileName}"\r\nContent-Type: ${file.contentType}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head), file.bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]);
}
