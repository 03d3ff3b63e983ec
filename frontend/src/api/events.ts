// Server-Sent Events over fetch (EventSource cannot send the Authorization header).
import { authHeaders, url, type ServiceName } from "./client";

export interface StreamEvent {
  event: string;
  data: unknown;
}

/** Parses complete SSE frames out of `buffer`; returns the events and the unparsed rest. */
export function parseFrames(buffer: string): { events: StreamEvent[]; rest: string } {
  const events: StreamEvent[] = [];
  const frames = buffer.replace(/\r\n/g, "\n").split("\n\n");
  const rest = frames.pop() ?? "";
  for (const frame of frames) {
    let event = "message";
    const data: string[] = [];
    for (const line of frame.split("\n")) {
      if (line.startsWith(":") || !line) continue;
      const colon = line.indexOf(":");
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
      if (field === "event") event = value;
      else if (field === "data") data.push(value);
    }
    if (!data.length) continue;
    const text = data.join("\n");
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // plain text event
    }
    events.push({ event, data: parsed });
  }
  return { events, rest };
}

/** Reads the service's /api/events until `signal` aborts; reconnects after 3 s on errors. */
export async function subscribe(
  service: ServiceName,
  onEvent: (event: StreamEvent) => void,
  signal: AbortSignal,
): Promise<void> {
  while (!signal.aborted) {
    try {
      const response = await fetch(url(service, "/api/events"), {
        headers: authHeaders({ Accept: "text/event-stream" }),
        signal,
      });
      if (!response.ok || !response.body) throw new Error(`events answered ${response.status}`);
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        const parsed = parseFrames(buffer + value);
        buffer = parsed.rest;
        parsed.events.forEach(onEvent);
      }
    } catch {
      if (signal.aborted) return;
    }
    await new Promise((resolve) => setTimeout(resolve, 3_000));
  }
}
