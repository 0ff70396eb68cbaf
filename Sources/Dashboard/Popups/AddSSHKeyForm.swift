import Billing
import TerminalUI

/// Profile → SSH keys → `a` (R30): one field that takes a pasted public key line. The
/// form checks the line with the service's own parser (Billing) before sending it, and
/// stays open until the service answers: a key registered already is refused there, and
/// its reason belongs on the field, with the pasted line kept.
public struct AddSSHKeyForm: Popup, Hashable {
  public enum Field: FormField { case key }

  public var form = Form<Field>(
    fields: [
      (
        .key,
        TextField(
          "Public key", placeholder: "ssh-ed25519 AAAA… you@host",
          // One more than a key may be, so an over-long paste is refused as too long
          // rather than cut into a damaged key.
          maxLength: SSHPublicKey.maximumLineLength + 1)
      )
    ], submit: "Add")
  /// Sent to the service and not answered yet: keys wait rather than send it twice.
  public var isSaving = false

  public init() {}

  public var hasInput: Bool { form.hasInput }

  public func helpRows(in context: PopupContext) -> [HelpRow] { form.bindings.helpRows() }

  public mutating func paste(_ text: String, in context: PopupContext) -> Bool {
    guard !isSaving else { return true }
    let pasted = form.paste(text)
    refusePrivateKey()
    return pasted
  }

  public mutating func handle(_ key: Key, in context: PopupContext) -> PopupResult {
    // Esc always closes, so no answer that never came can hold the customer here.
    if isSaving { return key == .escape ? .close : .stay }
    let outcome = form.handle(key)
    refusePrivateKey()
    switch outcome {
    case .dismissed, .pressed(.cancel): return .close
    case .pressed(.submit):
      let line = form.text(.key).trimmingCharacters(in: .whitespaces)
      do {
        _ = try SSHPublicKey.parse(line)
      } catch {
        form.setError(.key, error.description)
        form.focus(on: .key)
        return .stay
      }
      isSaving = true
      return .stay([.effect(.addSSHKey(line: line))])
    default: return .stay
    }
  }

  /// A private key pasted by mistake is not kept, not even in the field: it never leaves
  /// the customer's machine, and the reason says what to paste instead.
  private mutating func refusePrivateKey() {
    let text = form.text(.key)
    // OpenSSH's and PEM's markers, and PuTTY's .ppk header.
    guard text.contains("PRIVATE KEY") || text.contains("PuTTY-User-Key-File") else { return }
    form.fields[0].text = ""
    form.setError(
      .key,
      "That was a private key: keep it on your machine. Paste the line of its .pub file (e.g. ~/.ssh/id_ed25519.pub)."
    )
  }

  /// The service's answer: added closes the form (the banner says so), refused puts the
  /// reason on the field.
  public mutating func receive(_ event: AppEvent, in context: PopupContext) -> PopupResult? {
    guard isSaving else { return nil }
    switch event {
    case .done:
      return .close
    case .failed(let failure):
      isSaving = false
      form.setError(.key, failure.message)
      form.focus(on: .key)
      return .stay
    default: return nil
    }
  }

  public func render(into canvas: inout Canvas, area: Rect, context: PopupContext) {
    let box = area.centered(width: min(72, area.width - 2), height: 14)
    canvas.popup(box, title: "Add an SSH key", glyphs: context.glyphs)
    let x = box.x + 3
    let width = box.width - 6
    var y = box.y + 2
    y += canvas.paragraph(
      "Paste the line of your public key file (e.g. ~/.ssh/id_ed25519.pub; make one with ssh-keygen -t ed25519).",
      x: x, y: y, width: width, style: .muted, maxRows: 2)
    y += 1
    // The reason goes under the field across the whole box, not beside the label as the
    // shared field does: a refusal naming a fingerprint needs the width.
    var field = form.fields[0]
    let problem = field.error
    field.error = nil
    canvas.field(field, focused: form.focusedField == 0, x: x, y: y, labelWidth: 12, width: width)
    y += 1
    if let problem {
      canvas.paragraph("! " + problem, x: x, y: y, width: width, style: .danger, maxRows: 3)
    }
    y += 4
    canvas.buttons(form.buttons, focused: form.focusedButton, x: x, y: y)
    canvas.put(
      isSaving ? "Adding…" : form.bindings.hintLine(), x: x, y: box.maxY - 2, style: .muted,
      maxX: box.maxX - 2)
  }
}
