import Billing
import Foundation
import TerminalUI

/// Extra traffic (R8) or more proxy users (R25) for a subscription, priced as typed.
public struct ExtraForm: ScrollingPopup, Hashable {
  public var subscriptionID: String
  public var planName: String
  public var kind: ExtraKind
  public var form: Form<Field>
  public var quote: ExtraQuote?
  public var problem: String?
  /// Why the extra cannot be bought at all (residential traffic not used up yet).
  public var blocked: String?
  public var key: String
  public var attempt = 0
  public var outcome: String?
  public var scroll = 0
  /// R25: proxy users are charged again at the next renewal; the preview says when.
  var chargedAgainNote: String?

  public enum Field: FormField { case amount }

  var isTraffic: Bool {
    if case .traffic = kind { return true }
    return false
  }

  init(kind: ExtraKind, subscription: Subscription, snapshot: Snapshot, key: String) {
    subscriptionID = subscription.id
    planName = snapshot.planName(subscription)
    self.kind = kind
    self.key = key
    form = Form(
      fields: [(.amount, TextField("Amount", placeholder: "whole number", maxLength: 5))],
      submit: "Confirm and pay")
    if case .traffic = kind, let refusal = Checkout.extraTrafficRefusal(for: subscription) {
      blocked = refusal.message(in: snapshot.calendar)
    }
    if subscription.paymentMethod.kind == .btc {
      blocked = BillingError.btcThroughSupport.message(in: snapshot.calendar)
    }
  }

  public var hasInput: Bool { outcome == nil && form.hasInput }

  mutating func requote(snapshot: Snapshot) {
    quote = nil
    problem = nil
    chargedAgainNote = nil
    let text = form.text(.amount).trimmingCharacters(in: .whitespaces)
    guard !text.isEmpty else { return }
    guard let number = Int(text) else {
      problem =
        isTraffic ? BillingError.extraTrafficAmount.description : BillingError.proxyUserCount.description
      return
    }
    do {
      quote =
        isTraffic
        ? try snapshot.checkout.quoteExtraTraffic(
          gigabytes: number, subscriptionID: subscriptionID, for: snapshot.account)
        : try snapshot.checkout.quoteProxyUsers(
          count: number, subscriptionID: subscriptionID, for: snapshot.account)
      chargedAgainNote = quote?.chargedAgainNote(calendar: snapshot.calendar)
    } catch {
      problem = error.message(in: snapshot.calendar)
    }
  }

  public func helpRows(in context: PopupContext) -> [HelpRow] {
    scrollRows(in: context) + form.bindings.helpRows()
  }

  public var moneyConfirmation: MoneyConfirmation? {
    outcome == nil && blocked == nil ? .extra(key: key) : nil
  }

  public mutating func paste(_ text: String, in context: PopupContext) -> Bool {
    guard let snapshot = context.snapshot, outcome == nil, blocked == nil, form.paste(text) else {
      return false
    }
    requote(snapshot: snapshot)
    return true
  }

  public mutating func receive(_ event: AppEvent, in context: PopupContext) -> PopupResult? {
    switch event {
    case .purchased(let purchase, let snapshot):
      outcome = PurchaseText.describe(purchase, snapshot: snapshot)
      return .stay
    case .failed(let failure) where failure.kind != .btcThroughSupport:
      problem = failure.message
      return .stay
    default: return nil
    }
  }

  public mutating func handle(_ key: Key, in context: PopupContext) -> PopupResult {
    guard let snapshot = context.snapshot else { return .stay }
    if scrolls(by: key, in: context) { return .stay }
    return handle(key, snapshot: snapshot)
  }

  mutating func handle(_ key: Key, snapshot: Snapshot) -> PopupResult {
    if outcome != nil || blocked != nil {
      return PurchaseText.closesReceipt(key) ? .close : .stay
    }
    switch form.handle(key) {
    case .dismissed: return .close
    case .edited: requote(snapshot: snapshot)
    case .pressed(.submit):
      requote(snapshot: snapshot)
      guard quote != nil, let number = Int(form.text(.amount).trimmingCharacters(in: .whitespaces)) else {
        if problem == nil { problem = "Enter an amount first." }
        form.focus = 0
        return .stay
      }
      attempt += 1
      let extra: ExtraKind = isTraffic ? .traffic(gigabytes: number) : .proxyUsers(count: number)
      return .stay([
        .effect(.buyExtra(subscriptionID: subscriptionID, extra: extra, key: "\(self.key)-\(attempt)"))
      ])
    case .pressed(.cancel): return .close
    default: break
    }
    return .stay
  }

  public func body(in context: PopupContext) -> PopupBody {
    PopupBody(
      title: (isTraffic ? "Add traffic · " : "Buy proxy users · ") + planName, width: 70, footer: nil,
      scroll: scroll
    ) { canvas, width in
      if let message = outcome ?? blocked {
        let rows = canvas.paragraph(
          message, x: 0, y: 0, width: width, style: outcome == nil ? .warning : .success)
        canvas.buttons(["Close"], focused: 0, x: 0, y: rows + 1)
        return PopupBody.Drawn(rows: rows + 2, focusRow: rows + 1)
      }
      var row = canvas.paragraph(
        isTraffic
          ? "How many GB to add to this period (they expire with it):"
          : "How many proxy users to add (charged now and with every renewal):", x: 0, y: 0, width: width,
        style: .muted)
      var fieldForm = form
      fieldForm.fields[0].label = isTraffic ? "GB" : "Proxy users"
      let (next, focusRow) = fieldForm.drawn(
        into: &canvas, x: 0, y: row + 1, width: min(width, 40), labelWidth: 14)
      row = next + 1
      if let problem {
        row += canvas.paragraph(problem, x: 0, y: row, width: width, style: .danger)
      } else if let quote {
        for line in quote.invoice.lines {
          canvas.put(
            TerminalText.pad(line.label, to: width - 12)
              + TerminalText.pad("\(line.amount)", to: 12, alignRight: true), x: 0, y: row)
          row += 1
        }
        canvas.put(
          TerminalText.pad(quote.invoice.vatLabel, to: width - 12)
            + TerminalText.pad("\(quote.invoice.vat)", to: 12, alignRight: true), x: 0, y: row)
        canvas.put("Total: \(quote.total)", x: 0, y: row + 1, style: .title)
        row += 2
        // R25: bought users are charged a full month again at the next renewal; say so.
        if let note = chargedAgainNote {
          row += canvas.paragraph(note, x: 0, y: row, width: width, style: .warning)
        }
      }
      return PopupBody.Drawn(rows: row, focusRow: focusRow)
    }
  }
}
