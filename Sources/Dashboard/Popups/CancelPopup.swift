import Billing
import TerminalUI

/// R22's confirmation: what cancelling means, with the focus on "Keep subscription".
/// Cancelling also offers, as the FAQ does, to talk to support first, and asks for an
/// optional reason (issue 15) that is kept with the cancellation and put in its email.
public struct CancelPopup: BindingPopup, ScrollingPopup, Hashable {
  public var subscriptionID: String
  public var planName: String
  public var lines: [String]
  /// 0 = Keep subscription (the default), 1 = Cancel subscription.
  public var focus = 0
  /// The same pop-up undoes a cancellation (R22a: `c` on a cancelled subscription), so
  /// the key map keeps one pop-up and one confirmation path.
  public var resumes = false
  public var scroll = 0
  /// The reason chosen, if any: optional, so none is the start and one of the choices.
  public var reason: CancelReason?

  public init(subscriptionID: String, planName: String, lines: [String], resumes: Bool = false) {
    self.subscriptionID = subscriptionID
    self.planName = planName
    self.lines = lines
    self.resumes = resumes
  }

  public enum Action: Hashable, Sendable {
    case confirm(ConfirmAction)
    case nextReason, previousReason
  }

  static let bindings: [KeyBinding<Action>] =
    ConfirmAction.bindings(
      confirm: "Cancel the subscription", confirmLabel: "cancel it", keep: "Keep it", keepLabel: "keep it"
    ).map(Self.wrap)
    + [
      KeyBinding(
        [.down, .character("j")], "reason", "Choose a reason (optional): the next one", .nextReason,
        shownAs: "↑/↓"),
      KeyBinding(
        [.up, .character("k")], "reason", "Choose a reason (optional): the previous one", .previousReason,
        hint: false),
    ]
  /// The same keys when the pop-up resumes a cancelled subscription (R22a), worded for it.
  static let resumeBindings: [KeyBinding<Action>] = ConfirmAction.bindings(
    confirm: "Resume the subscription", confirmLabel: "resume it", keep: "Keep it cancelled",
    keepLabel: "keep it cancelled"
  ).map(Self.wrap)

  private static func wrap(_ binding: KeyBinding<ConfirmAction>) -> KeyBinding<Action> {
    KeyBinding(
      binding.keys, binding.label, binding.help, .confirm(binding.action), hint: binding.hint,
      disabledReason: binding.disabledReason, shownAs: binding.shownKeys)
  }

  /// This pop-up's keys: its box, the bottom bar, `?` and dispatch all read this one table,
  /// so a resume pop-up never hints "y cancel it".
  var bindings: [KeyBinding<Action>] { resumes ? Self.resumeBindings : Self.bindings }

  public func bindings(in context: PopupContext) -> [KeyBinding<Action>] { bindings }

  public var moneyConfirmation: MoneyConfirmation? { .cancel(subscriptionID: subscriptionID) }

  /// None, then each reason in order, then none again.
  static let choices: [CancelReason?] = [nil] + CancelReason.allCases.map { $0 }

  public mutating func perform(_ action: Action, in context: PopupContext) -> PopupResult {
    switch action {
    case .nextReason, .previousReason:
      let index = Self.choices.firstIndex(of: reason) ?? 0
      let step = action == .nextReason ? 1 : Self.choices.count - 1
      reason = Self.choices[(index + step) % Self.choices.count]
      return .stay
    case .confirm(let confirm):
      switch confirm.resolved(focus: &focus, buttons: 2) {
      case .confirm:
        return .close([
          .effect(
            resumes
              ? .resume(subscriptionID: subscriptionID)
              : .cancel(subscriptionID: subscriptionID, reason: reason))
        ])
      case .keep: return .close([.banner(Banner("Kept: nothing changed.", tone: .info))])
      case .move, .activate: return .stay
      }
    }
  }

  /// The FAQ's offer before cancelling: support may be able to make it right.
  static let supportOffer = "Not right? Support may fix it first: \(Support.email)"

  public func body(in context: PopupContext) -> PopupBody {
    PopupBody(
      title: (resumes ? "Resume " : "Cancel ") + "\(planName)?", width: 70, footer: bindings.hintLine(),
      scroll: scroll
    ) { canvas, width in
      canvas.put(resumes ? "Resuming means:" : "Cancelling means:", x: 0, y: 0, style: .title)
      var row = 1
      for line in lines {
        // A hanging indent: a wrapped consequence reads as one item.
        canvas.put("•", x: 0, y: row)
        row += canvas.paragraph(line, x: 2, y: row, width: width - 2)
      }
      if !resumes {
        row += 1
        row += canvas.paragraph(Self.supportOffer, x: 0, y: row, width: width, style: .warning)
        let x = canvas.put("Reason (optional): ", x: 0, y: row, style: .muted, maxX: width)
        canvas.put(
          "◂ \(reason?.label ?? "none") ▸", x: x, y: row, style: reason == nil ? .muted : .accent, maxX: width)
        row += 1
      }
      canvas.buttons(
        resumes ? ["Keep cancelled", "Resume subscription"] : ["Keep subscription", "Cancel subscription"],
        focused: focus, x: 0, y: row + 1, danger: resumes ? nil : 1)
      return PopupBody.Drawn(rows: row + 2, focusRow: row + 1)
    }
  }
}

/// The money-back guarantee: the verdict, and when eligible a confirmation (R20, R21).
public struct RefundPopup: ScrollingPopup, Hashable {
  public var subscriptionID: String
  public var planName: String
  public var eligibility: RefundEligibility
  /// 0 = Keep subscription, 1 = Request refund.
  public var focus = 0
  public var refund: Refund?
  public var scroll = 0

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
    scrollRows(in: context)
      + (asksToConfirm ? Self.bindings.helpRows() : Self.closeBindings.helpRows())
  }

  public var moneyConfirmation: MoneyConfirmation? {
    asksToConfirm ? .refund(subscriptionID: subscriptionID) : nil
  }

  public mutating func handle(_ key: Key, in context: PopupContext) -> PopupResult {
    if scrolls(by: key, in: context) { return .stay }
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

  public func body(in context: PopupContext) -> PopupBody {
    let calendar = context.calendar
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
    return PopupBody(
      title: "Refund · \(planName)", width: 70, footer: asksToConfirm ? Self.bindings.hintLine() : nil,
      scroll: scroll
    ) { canvas, width in
      var row = 0
      for line in lines { row += canvas.paragraph(line.0, x: 0, y: row, width: width, style: line.1) }
      if asksToConfirm {
        canvas.buttons(["Keep subscription", "Request refund"], focused: focus, x: 0, y: row + 1, danger: 1)
      } else {
        canvas.buttons(["Close"], focused: 0, x: 0, y: row + 1)
      }
      return PopupBody.Drawn(rows: row + 2, focusRow: row + 1)
    }
  }
}
