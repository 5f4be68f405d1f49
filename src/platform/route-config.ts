// Per-route options the platform reads (fastify's route `config`). Routes declare; hooks enforce.
export type BodyKind = 'json' | 'xml' | 'multipart' | 'multipart-mixed' | 'form';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The catch-all OPTIONS route of the CORS layer: negotiation failures do not apply to it. */
    corsOnly?: boolean;
    /** No session needed (01 §1.2); a session header or cookie sent anyway is ignored. */
    public?: boolean;
    /**
     * What the route reads from the body. Absent: the route takes no body and ignores any body sent
     * (01 §3.1). `accepts` defaults to JSON and XML.
     */
    body?: {
      required?: boolean;
      accepts?: readonly BodyKind[];
      resource?: { key: string; mode: 'single' | 'list' };
      /** How a multipart body is read (platform/body.ts fromMultipart); default 'parts'. */
      multipart?: 'data-part' | 'fields' | 'parts';
    };
  }
}

export {};
