// The complete error code catalogue of 01 §7.3, with both languages of 01 §17. `{name}` placeholders are filled
// from AppError params. Nothing else in the code base writes an error message.
export type Lang = 'en-US' | 'es-ES';

type Entry = { status: number; en: string; es: string };

export const catalogue = {
  '400-101': { status: 400, en: "Unsupported query parameter(s) supplied: '{names}'.", es: "Se han proporcionado parámetros de consulta no admitidos: '{names}'." },
  '400-102': { status: 400, en: "Invalid value '{value}' supplied for parameter '{name}'.", es: "Se ha proporcionado un valor no válido '{value}' para el parámetro '{name}'." },
  '400-103': { status: 400, en: 'At least one search criterion is required.', es: 'Se requiere al menos un criterio de búsqueda.' },
  '400-104': { status: 400, en: 'Illegal combination of parameters: {names}.', es: 'Combinación de parámetros no permitida: {names}.' },
  '400-112': {
    status: 400,
    en: 'Required query parameter(s) is missing. The following parameters are required: {names}.',
    es: 'Faltan parámetros de consulta obligatorios. Se requieren los siguientes parámetros: {names}.',
  },
  '400-150': { status: 400, en: 'The request body is missing or malformed.', es: 'El cuerpo de la solicitud falta o no tiene un formato correcto.' },
  '400-152': { status: 400, en: "Invalid value of attribute '{attribute}'.", es: "Valor no válido del atributo '{attribute}'." },
  '400-153': { status: 400, en: "Required attribute '{attribute}' is missing.", es: "Falta el atributo obligatorio '{attribute}'." },
  '400-160': { status: 400, en: 'Too many items supplied: {count}. The maximum is 75.', es: 'Se han proporcionado demasiados elementos: {count}. El máximo es 75.' },
  '400-170': {
    status: 400,
    en: 'The maximum number of concurrent sessions ({max}) has been reached. Use forceLogin=yes to end the oldest session.',
    es: 'Se ha alcanzado el número máximo de sesiones simultáneas ({max}). Use forceLogin=yes para finalizar la sesión más antigua.',
  },
  '401-101': {
    status: 401,
    en: "Invalid or expired '{header}' header provided. New login is required.",
    es: "Se ha proporcionado un encabezado '{header}' no válido o caducado. Es necesario iniciar sesión de nuevo.",
  },
  '401-102': { status: 401, en: 'Invalid user name or password.', es: 'Nombre de usuario o contraseña no válidos.' },
  '401-102-client': { status: 401, en: 'Invalid client credentials.', es: 'Credenciales de cliente no válidas.' },
  '401-103': {
    status: 401,
    en: 'The account is locked because of too many failed login attempts. Try again later.',
    es: 'La cuenta está bloqueada debido a demasiados intentos de inicio de sesión fallidos. Inténtelo de nuevo más tarde.',
  },
  '403-197': { status: 403, en: 'You are not authorized to perform this action.', es: 'No tiene autorización para realizar esta acción.' },
  '403-198': { status: 403, en: "Missing or invalid 'X-egain-csrf' header.", es: "Falta el encabezado 'X-egain-csrf' o no es válido." },
  '403-199': { status: 403, en: "Origin '{origin}' is not allowed.", es: "El origen '{origin}' no está permitido." },
  '404-100': { status: 404, en: "No resource exists at path '{path}'.", es: "No existe ningún recurso en la ruta '{path}'." },
  '404-101': { status: 404, en: 'The following IDs were not found: {ids}.', es: 'No se encontraron los siguientes ID: {ids}.' },
  '405-100': { status: 405, en: "Method '{method}' is not allowed for this resource.", es: "El método '{method}' no está permitido para este recurso." },
  // 406-100 is always in en-US: the language could not be negotiated.
  '406-100': { status: 406, en: "Unsupported 'Accept-Language' header value '{value}'.", es: "Unsupported 'Accept-Language' header value '{value}'." },
  '406-101': {
    status: 406,
    en: "Unsupported 'Accept' header value '{value}'. Supported: application/xml, application/json.",
    es: "Valor no admitido del encabezado 'Accept' '{value}'. Admitidos: application/xml, application/json.",
  },
  '409-101': {
    status: 409,
    en: 'The resource {id} was modified after it was read (lastModified mismatch). Read it again and retry.',
    es: 'El recurso {id} se modificó después de leerlo (lastModified no coincide). Vuelva a leerlo e inténtelo de nuevo.',
  },
  '409-102': {
    status: 409,
    en: 'The current state of resource {id} does not allow this action: {reason}.',
    es: 'El estado actual del recurso {id} no permite esta acción: {reason}.',
  },
  '413-100': { status: 413, en: 'The request body exceeds the limit of {limit} bytes.', es: 'El cuerpo de la solicitud supera el límite de {limit} bytes.' },
  '415-100': { status: 415, en: "Unsupported 'Content-Type' header value '{value}'.", es: "Valor no admitido del encabezado 'Content-Type' '{value}'." },
  '415-101': { status: 415, en: 'Compressed request bodies are not supported.', es: 'No se admiten cuerpos de solicitud comprimidos.' },
  '429-100': { status: 429, en: 'Too many requests. Retry after {seconds} seconds.', es: 'Demasiadas solicitudes. Vuelva a intentarlo dentro de {seconds} segundos.' },
  '500-100': {
    status: 500,
    en: 'The system is unable to process the request. Contact the administrator.',
    es: 'El sistema no puede procesar la solicitud. Póngase en contacto con el administrador.',
  },
  '503-100': {
    status: 503,
    en: 'The service is temporarily unavailable. Retry after {seconds} seconds.',
    es: 'El servicio no está disponible temporalmente. Vuelva a intentarlo dentro de {seconds} segundos.',
  },
} as const satisfies Record<string, Entry>;

export type ErrorKey = keyof typeof catalogue;

/** The wire code of a catalogue key ('401-102-client' is a second message for 401-102). */
export function wireCode(key: ErrorKey): string {
  return key.slice(0, 7);
}

/** A message parameter: plain, or translated where its text is prose (the `{reason}` of 409-102). */
export type MessageParam = string | number | Record<Lang, string>;

export function formatMessage(key: ErrorKey, lang: Lang, params: Record<string, MessageParam> = {}): string {
  const entry: Entry = catalogue[key];
  const template = lang === 'es-ES' ? entry.es : entry.en;
  const text = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const p = params[name];
    return p === undefined ? '' : typeof p === 'object' ? p[lang] : String(p);
  });
  return text.length > 2048 ? text.slice(0, 2048) : text;
}

/** The legacy 401 body of knowledge paths (02 §8.2). */
export const legacyKbUnauthenticated: Record<Lang, string> = {
  'en-US': 'User could not be authenticated. Invalid session ID.',
  'es-ES': 'No se pudo autenticar al usuario. El ID de sesión no es válido.',
};
