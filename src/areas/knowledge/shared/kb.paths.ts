// Paths of the knowledge resources (06 §2): every `link` and `Location` of this area is built here.
export const kbBase = '/system/ws/v12/kb';

export const kbHref = {
  article: (id: bigint | string) => `${kbBase}/article/${id}`,
  version: (articleId: bigint | string, id: bigint | string) => `${kbBase}/article/${articleId}/version/${id}`,
  note: (articleId: bigint | string, id: bigint | string) => `${kbBase}/article/${articleId}/note/${id}`,
  attachment: (id: bigint | string) => `${kbBase}/attachment/${id}`,
  attachmentContent: (id: bigint | string) => `${kbBase}/attachment/${id}/content`,
  folder: (id: bigint | string) => `${kbBase}/folder/${id}`,
  topic: (id: bigint | string) => `${kbBase}/topic/${id}`,
  articleType: (id: bigint | string) => `${kbBase}/articleType/${id}`,
};

/** `{rel:"self", href}` of a resource. */
export const selfLink = (href: string) => ({ rel: 'self', href });
