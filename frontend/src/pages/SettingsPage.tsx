// The API key sent as `Authorization: Bearer` (kept in sessionStorage for this tab only).
import { useState } from "react";
import { apiKey, setApiKey } from "../api/client";

export function SettingsPage() {
  const [key, setKey] = useState(apiKey());
  const [saved, setSaved] = useState(false);
  return (
    <section>
      <h1>API key</h1>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setApiKey(key.trim());
          setSaved(true);
        }}
      >
        <label>
          key{" "}
          <input type="password" autoComplete="off" value={key} onChange={(e) => setKey(e.target.value)} />
        </label>{" "}
        <button type="submit">Save</button>
        {saved && <span className="muted"> saved for this browser tab</span>}
      </form>
    </section>
  );
}
