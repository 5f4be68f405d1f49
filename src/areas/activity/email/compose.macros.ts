// `expandMacros=yes` on V4/V5 (05 §9.5, 07 §11): the built-ins of 05 §9.5, then the `active` macros of the
// activity's department (macro.expand.ts), one pass, in the subject and every content. Macro text goes into the
// contents as it is; in the subject its line breaks become spaces.
import type { StaffActor } from '../../../authz/actor.ts';
import { expandMacros, utcDate, type DepartmentMacros } from '../../macro/macro.expand.ts';

export type MacroContext = {
  activityId: bigint;
  caseId: bigint;
  customerName: string;
  firstName: string;
  lastName: string | null;
  agent: StaffActor;
  departmentName: string;
  now: Date;
};

/** The built-in macros of 05 §9.5 for one activity. */
export function builtInMacros(c: MacroContext): Record<string, string> {
  return {
    case_id: String(c.caseId),
    activity_id: String(c.activityId),
    customer_name: c.customerName,
    customer_first_name: c.firstName,
    customer_last_name: c.lastName ?? '',
    agent_name: c.agent.ref.name,
    agent_first_name: c.agent.ref.firstName,
    agent_last_name: c.agent.ref.lastName ?? '',
    department_name: c.departmentName,
    current_date: utcDate(c.now),
  };
}

const oneLine = (s: string) => s.replace(/\r\n|\r|\n/g, ' ');

export type Expandable = { subject: string; text: string | null; html: string | null };

/** The subject and contents with their macros expanded. */
export function expandEmail(e: Expandable, builtins: Record<string, string>, macros: DepartmentMacros): Expandable {
  const subjectBuiltins = Object.fromEntries(Object.entries(builtins).map(([k, v]) => [k, oneLine(v)]));
  const subjectMacros = new Map([...macros].map(([k, v]) => [k, oneLine(v)]));
  return {
    subject: expandMacros(e.subject, subjectBuiltins, subjectMacros),
    text: e.text === null ? null : expandMacros(e.text, builtins, macros),
    html: e.html === null ? null : expandMacros(e.html, builtins, macros),
  };
}
