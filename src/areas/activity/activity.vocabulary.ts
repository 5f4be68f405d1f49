// Enumerations of activities (05 §2, §4.1) with their en-US and es-ES texts.
import type { Labels } from '../../representation/shape.ts';

const pairs = (entries: Record<string, [string, string]>): Labels =>
  Object.fromEntries(Object.entries(entries).map(([v, [en, es]]) => [v, { 'en-US': en, 'es-ES': es }]));

export const typeLabels = pairs({
  email: ['Email', 'Correo electrónico'],
  chat: ['Chat', 'Chat'],
  social: ['Social', 'Social'],
  calltrack: ['Call track', 'Registro de llamada'],
  task: ['Task', 'Tarea'],
});
export const subtypeLabels = pairs({ general: ['General', 'General'], compose: ['Compose', 'Redactar'], messaging: ['Messaging', 'Mensajería'] });
export const modeLabels = pairs({ inbound: ['Inbound', 'Entrante'], outbound: ['Outbound', 'Saliente'] });
export const statusLabels = pairs({
  open: ['Open', 'Abierto'],
  awaiting_assignment: ['Awaiting assignment', 'En espera de asignación'],
  assigned: ['Assigned', 'Asignado'],
  completed: ['Completed', 'Completado'],
});
export const substatusLabels = pairs({
  ready_for_inbound_workflow: ['Ready for inbound workflow', 'Listo para flujo de entrada'],
  ready_for_outbound_workflow: ['Ready for outbound workflow', 'Listo para flujo de salida'],
  in_workflow: ['In workflow', 'En flujo de trabajo'],
  in_queue: ['In queue', 'En cola'],
  new: ['New', 'Nuevo'],
  in_progress: ['In progress', 'En curso'],
  done: ['Done', 'Terminado'],
});

const languageNames = {
  'en-US': new Intl.DisplayNames(['en-US'], { type: 'language' }),
  'es-ES': new Intl.DisplayNames(['es-ES'], { type: 'language' }),
};
/** Language names from the platform's locale data (03 §2.8), looked up like a label table. */
export const languageLabels: Labels = new Proxy(
  {},
  {
    get: (_target, tag) => {
      if (typeof tag !== 'string') return undefined;
      try {
        return { 'en-US': languageNames['en-US'].of(tag) ?? tag, 'es-ES': languageNames['es-ES'].of(tag) ?? tag };
      } catch {
        return undefined;
      }
    },
  },
);
