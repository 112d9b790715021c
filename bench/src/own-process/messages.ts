/** A call from the bench to a contender's own process. */
export interface Call {
  id: number;
  method: string;
  args: unknown[];
}

/** What a contender's own process sends back: its export's shape once, then one reply per call. */
export type Reply =
  | { ready: { fields: Record<string, unknown>; methods: string[] } }
  | { id: number; result: unknown }
  | { id: number; error: string };
