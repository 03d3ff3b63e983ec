// A modal asking the operator to confirm a dangerous action.
interface Props {
  open: boolean;
  title: string;
  message: string;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
}

export function ConfirmDialog({ open, title, message, confirmLabel, onConfirm, onCancel }: Props) {
  if (!open) return null;
  return (
    <div className="backdrop">
      <div role="dialog" aria-modal="true" aria-labelledby="confirm-title" className="dialog">
        <h3 id="confirm-title">{title}</h3>
        <p>{message}</p>
        <button type="button" className="danger" onClick={onConfirm}>
          {confirmLabel}
        </button>{" "}
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
