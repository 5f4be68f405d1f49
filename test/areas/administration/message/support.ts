// Helpers of the standard message API tests (07 §12).
import type { TestApp } from '../../../helpers/app.ts';
import { createDepartment } from '../../../helpers/auth.ts';
import { ADMIN, call, ns, ok, unique, type Session } from '../department/support.ts';

export const URL = `${ADMIN}/message`;
export const MSG = ns('message');
export const EN = { id: '1', code: 'en-us', label: 'English (United States)' };
export const ES = { id: '2', code: 'es-es', label: 'Spanish (Spain)' };

export type UserView = { id: string; name: string; firstName: string; lastName?: string };
export type Content = { type: string; value: string };
export type Message = {
  id: string;
  link: { rel: string; href: string };
  name: string;
  description?: string;
  department: { id: string; name: string };
  language: { id: string; code: string; label: string };
  subject?: string;
  contents?: { content: Content[] };
  keywords?: string;
  state: { value: string; displayValue: string };
  lastModified: { date: string; user?: UserView };
  created?: { date: string; user?: UserView };
};
export type Page = { link?: { rel: string; href: string }; message: Message[]; paginationInfo: Record<string, unknown> & { link?: { rel: string; href: string }[] } };

export const userOf = (s: Session): UserView => ({ id: s.name.id, name: s.name.name, firstName: s.name.firstName, lastName: s.name.lastName });
export const text = (value = 'Kind regards') => ({ contents: { content: [{ type: 'text', value }] } });
export const dept = (t: TestApp) => createDepartment(t.db, unique('SD'));
export const at = (d: { id: bigint }) => ({ department: { id: String(d.id) } });

export async function createMessage(t: TestApp, who: Session, body: Record<string, unknown>, query = ''): Promise<Message> {
  return ok<{ message: Message[] }>(await call(t.app, who, 'POST', `${URL}${query}`, { body: { name: unique('Msg'), ...text(), ...body } }), 201).message[0]!;
}

export async function readMessage(t: TestApp, who: Session, id: string, query = '?$attribute=all'): Promise<Message> {
  return ok<{ message: Message[] }>(await call(t.app, who, 'GET', `${URL}/${id}${query}`)).message[0]!;
}

