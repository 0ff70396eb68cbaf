import Billing
import TerminalUI

/// R22's confirmation: what cancelling means, with the focus on "Keep subscription".
public struct CancelPopup: BindingPopup, Hashable {
  public var subscriptionID: String
  public var planName: String
  public var lines: [String]
  /// 0 = Keep subscription (the default), 1 = Cancel subscription.
  public var focus = 0
  /// The same pop-up undoes a cancellation (R22a: `c` on a cancelled subscription), so
  /// the key map keeps one pop-up and one confirmation path.
  public var resumes = false

  public init(subscriptionID: String, planName: String, lines: [String], resumes: Bool = false) {
    self.subscriptionID = subscriptionID
    self.planName = planName
    self.lines = lines
    self.resumes = resumes
  }

  static let bindings: [KeyBinding<ConfirmAction>] = ConfirmAction.bindings(
    confirm: "Cancel the subscription", confirmLabel: "cancel it", keep: "Keep it", keepLabel: "keep it")
  /// The same keys when the pop-up resumes a cancelled subscription (R22a), worded for it.
  static let resumeBindings: [KeyBinding<ConfirmAction>] = ConfirmAction.bindings(
    confirm: "Resume the subscription", confirmLabel: "resume it", keep: "Keep it cancelled",
    keepLabel: "keep it cancelled")

  /// This pop-up's keys: its box, the bottom bar, `?` and dispatch all read this one table,
  /// so a resume pop-up never hints "y cancel it".
  var bindings: [KeyBinding<ConfirmAction>] { resumes ? Self.resumeBindings : Self.bindings }

  public func bindings(in context: PopupContext) -> [KeyBinding<ConfirmAction>] { bindings }

  public var moneyConfirmation: MoneyConfirmation? { .cancel(subscriptionID: subscriptionID) }

  public mutating func perform(_ action: ConfirmAction, in context: PopupContext) -> PopupResult {
    switch action.resolved(focus: &focus, buttons: 2) {
    case .confirm:
      return .close([
        .effect(resumes ? .resume(subscriptionID: subscriptionID) : .cancel(subscriptionID: subscriptionID))
      ])
    case .keep: return .close([.banner(Banner("Kept: nothing changed.", tone: .info))])
    case .move, .activate: return .stay
    }
  }

  public func render(into canvas: inout Canvas, area: Rect, context: PopupContext) {
    let glyphs = context.glyphs
    let width = min(70, area.width - 2)
    let wrapped = lines.flatMap { Wrap.lines("• " + $0, width: width - 6) }
    let box = area.centered(width: width, height: wrapped.count + 8)
    canvas.popup(box, title: (resumes ? "Resume " : "Cancel ") + "\(planName)?", glyphs: glyphs)
    canvas.put(resumes ? "Resuming means:" : "Cancelling means:", x: box.x + 3, y: box.y + 2, style: .title)
    for (index, line) in wrapped.enumerated() {
      canvas.put(line, x: box.x + 3, y: box.y + 3 + index, maxX: box.maxX - 2)
    }
    canvas.buttons(
      resumes ? ["Keep cancelled", "Resume subscription"] : ["Keep subscription", "Cancel subscription"],
      focused: focus, x: box.x + 3, y: box.maxY - 3, danger: resumes ? nil : 1)
    canvas.put(
      bindings.hintLine(), x: box.x + 3, y: box.maxY - 2, style: .muted
    )
  }
}

/// The money-back guarantee: the verdict, and when eligible a confirmation (R20, R21).
public struct RefundPopup: Popup, Hashable {
  public var subscriptionID: String
  public var planName: String
  public var eligibility: RefundEligibility
  /// 0 = Keep subscription, 1 = Request refund.
  public var focus = 0
  public var refund: Refund?

  static let bindings: [KeyBinding<ConfirmAction>] = ConfirmAction.bindings(
    confirm: "Request the refund", confirmLabel: "request", keep: "Keep the subscription", keepLabel: "keep")

  /// A verdict or a finished refund only needs closing.
  static let closeBindings: [KeyBinding<MessagePopup.Action>] = [
    KeyBinding(
      [.escape, .enter, .character("n"), .character("y")], "close", "Close", .close, shownAs: "Esc")
  ]

  /// Whether the pop-up asks to confirm a refund (eligible, and not yet requested).
  var asksToConfirm: Bool { refund == nil && eligibility.isEligible }

  public func helpRows(in context: PopupContext) -> [HelpRow] {
    asksToConfirm ? Self.bindings.helpRows() : Self.closeBindings.helpRows()
  }

  public var moneyConfirmation: MoneyConfirmation? {
    asksToConfirm ? .refund(subscriptionID: subscriptionID) : nil
  }

  public mutating func handle(_ key: Key, in context: PopupContext) -> PopupResult {
    guard asksToConfirm else { return Self.closeBindings.action(for: key) != nil ? .close : .stay }
    guard let action = Self.bindings.action(for: key) else { return .stay }
    switch action.resolved(focus: &focus, buttons: 2) {
    // It stays open to show the refund's steps when the runtime answers.
    case .confirm: return .stay([.effect(.requestRefund(subscriptionID: subscriptionID))])
    case .keep: return .close
    case .move, .activate: return .stay
    }
  }

  public mutating func receive(_ event: AppEvent, in context: PopupContext) -> PopupResult? {
    switch event {
    case .refunded(let refund, _):
      self.refund = refund
      return .stay
    case .failed(let failure):
      return .close([.overlay(MessagePopup(title: "Refund", lines: [failure.message]))])
    default: return nil
    }
  }

  public func render(into canvas: inout Canvas, area: Rect, context: PopupContext) {
    let glyphs = context.glyphs
    let calendar = context.calendar
    let width = min(70, area.width - 2)
    var lines: [(String, CellStyle)] = []
    if let refund {
      lines.append(("Refund of \(refund.amount) to \(refund.paymentMethod.summary):", .title))
      lines.append(("✓ Requested \(calendar.dateTimeText(refund.requestedAt))", .success))
      if let approved = refund.approvedAt {
        lines.append(("✓ Approved \(calendar.dateTimeText(approved)): the subscription has ended", .success))
      }
      if let completed = refund.completedAt {
        lines.append(("✓ Refunded \(calendar.dateTimeText(completed))", .success))
      } else {
        lines.append(
          ("… Money back by \(calendar.dayText(refund.completesAt)) (within 5 business days)", .warning))
      }
      lines.append(("An email was sent for each step (Notifications, 5).", .muted))
    } else {
      switch eligibility {
      case .eligible(let until, let amount):
        lines.append(("Your first order qualifies for the 3-day money-back guarantee.", .success))
        lines.append(("Refund: \(amount), back to the original payment method.", .text))
        lines.append(("Eligible until \(calendar.dateTimeText(until)).", .text))
        lines.append(("The subscription ends at once and its proxies stop serving traffic.", .warning))
      case .notAvailable(let refusal):
        lines.append(("A refund is not available:", .title))
        lines.append((refusal.message(in: calendar), .danger))
      }
    }
    let wrapped = lines.flatMap { line in Wrap.lines(line.0, width: width - 6).map { ($0, line.1) } }
    let box = area.centered(width: width, height: wrapped.count + 7)
    canvas.popup(box, title: "Refund · \(planName)", glyphs: glyphs)
    for (index, line) in wrapped.enumerated() {
      canvas.put(line.0, x: box.x + 3, y: box.y + 2 + index, style: line.1, maxX: box.maxX - 2)
    }
    if asksToConfirm {
      canvas.buttons(
        ["Keep subscription", "Request refund"], focused: focus, x: box.x + 3, y: box.maxY - 3, danger: 1)
      canvas.put(Self.bindings.hintLine(), x: box.x + 3, y: box.maxY - 2, style: .muted)
    } else {
      canvas.buttons(["Close"], focused: 0, x: box.x + 3, y: box.maxY - 3)
    }
  }
}
