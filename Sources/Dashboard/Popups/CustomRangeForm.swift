import Billing
import Foundation
import TerminalUI

/// Custom dates for the usage range, typed and checked (R27).
public struct CustomRangeForm: Popup, Hashable {
  public enum Field: FormField { case from, to }

  public var form = Form<Field>(
    fields: [
      (.from, TextField("From", placeholder: "YYYY-MM-DD", maxLength: 10)),
      (.to, TextField("To", placeholder: "YYYY-MM-DD", maxLength: 10)),
    ], submit: "Show")

  public init() {}

  public var hasInput: Bool { form.hasInput }

  public func helpRows(in context: PopupContext) -> [HelpRow] { form.bindings.helpRows() }

  public mutating func paste(_ text: String, in context: PopupContext) -> Bool { form.paste(text) }

  /// A bad or reversed date is refused with a reason on its field (R27).
  public mutating func handle(_ key: Key, in context: PopupContext) -> PopupResult {
    switch form.handle(key) {
    case .dismissed, .pressed(.cancel): return .close
    case .pressed(.submit):
      form.clearErrors()
      guard let snapshot = context.snapshot else { return .stay }
      let calendar = snapshot.calendar
      guard let from = calendar.parseISODay(form.text(.from)) else {
        form.setError(.from, "Not a date: use YYYY-MM-DD, e.g. \(calendar.isoDay(snapshot.now)).")
        form.focus(on: .from)
        return .stay
      }
      guard let to = calendar.parseISODay(form.text(.to)) else {
        form.setError(.to, "Not a date: use YYYY-MM-DD, e.g. \(calendar.isoDay(snapshot.now)).")
        form.focus(on: .to)
        return .stay
      }
      if to < from {
        form.setError(.to, "The end date is before the start date.")
        form.focus(on: .to)
        return .stay
      }
      if from > snapshot.now {
        form.setError(.from, "The start date is in the future.")
        form.focus(on: .from)
        return .stay
      }
      return .close([.tell(.rangeChosen(.custom(from: from, to: to)))])
    default: return .stay
    }
  }

  public func render(into canvas: inout Canvas, area: Rect, context: PopupContext) {
    let box = area.centered(width: min(60, area.width - 2), height: 11)
    canvas.popup(box, title: "Custom dates", glyphs: context.glyphs)
    form.render(into: &canvas, x: box.x + 3, y: box.y + 2, width: box.width - 6, labelWidth: 8)
    canvas.put("Dates as YYYY-MM-DD, both days included.", x: box.x + 3, y: box.maxY - 2, style: .muted)
  }
}
