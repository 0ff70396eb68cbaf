import Billing
import Foundation
import TerminalUI

/// The fields of checkout and the payment-method form.
public enum PaymentField: FormField {
  case number, expiry, code, holder, payPal, coupon

  init(_ field: CardEntry.Field) {
    switch field {
    case .number: self = .number
    case .expiry: self = .expiry
    case .securityCode: self = .code
    case .holder: self = .holder
    }
  }
}

/// The card / PayPal / BTC fields shared by checkout and the payment-method form (R16).
enum PaymentFields {
  enum Kind: String, CaseIterable { case card = "Card", payPal = "PayPal", btc = "BTC" }

  static func fields(for kind: Kind) -> [(PaymentField, TextField)] {
    switch kind {
    case .card:
      [
        (.number, TextField("Card number", placeholder: "card number", maxLength: 23)),
        (.expiry, TextField("Expiry (MM/YY)", placeholder: "MM/YY", maxLength: 7)),
        (.code, TextField("Security code", secret: true, maxLength: 4)),
        (.holder, TextField("Name on card")),
      ]
    case .payPal: [(.payPal, TextField("PayPal email", placeholder: "you@example.com"))]
    case .btc: []
    }
  }

  /// Checks the typed fields; on failure marks each failing field in `form` (nothing
  /// is sent until every field passes, R16).
  static func input(kind: Kind, form: inout Form<PaymentField>, now: Date, calendar: BillingCalendar)
    -> PaymentMethodInput?
  {
    form.clearErrors()
    switch kind {
    case .card:
      let entry = CardEntry(
        number: form.text(.number), expiry: form.text(.expiry), securityCode: form.text(.code),
        holder: form.text(.holder))
      switch entry.check(now: now, calendar: calendar) {
      case .success: return .card(entry)
      case .failure(let rejection):
        var first: PaymentField?
        for field in CardEntry.Field.allCases {
          if let message = rejection.problems[field] {
            form.setError(PaymentField(field), message)
            if first == nil { first = PaymentField(field) }
          }
        }
        if let first { form.focus(on: first) }
        return nil
      }
    case .payPal:
      switch PayPalAddress.check(form.text(.payPal)) {
      case .success(let email): return .payPal(email: email)
      case .failure(let error):
        form.setError(.payPal, error.description)
        form.focus(on: .payPal)
        return nil
      }
    case .btc:
      return .btc
    }
  }

  static let btcText =
    "BTC payments are arranged with support (\(Support.email)). Choosing BTC files a support request for you; a BTC plan does not renew automatically and takes no coupons or refunds."
}

/// Update payment method (`u`, R16a): card with field-by-field checks, PayPal, or BTC.
public struct PaymentForm: ScrollingPopup, Hashable {
  public var subscriptionID: String
  public var planName: String
  public var current: String
  public var form: Form<PaymentField>
  /// Moving off BTC turns auto-renewal on (R6, R16a): said before saving, with the date.
  public var autoRenewalNote: String?
  public var scroll = 0
  public var submission = Submission()

  /// A card the gateway refused shows each problem under its field.
  public mutating func receive(_ event: AppEvent, in context: PopupContext) -> PopupResult? {
    var form = self.form
    let result = submission.receive(event) { failure in
      guard case .cardRejected(let rejection) = failure.kind else { return false }
      for (field, text) in rejection.problems { form.setError(PaymentField(field), text) }
      return true
    }
    self.form = form
    return result
  }

  init(subscription: Subscription, planName: String, calendar: BillingCalendar = .utc) {
    subscriptionID = subscription.id
    self.planName = planName
    current = subscription.paymentMethod.summary
    if subscription.cardOrPayPalTurnsAutoRenewalOn {
      autoRenewalNote =
        "Auto-renewal turns on: with a card or PayPal, \(planName) renews automatically on \(calendar.dayText(subscription.periodEnd))."
    }
    form = Form(
      choices: PaymentFields.Kind.allCases.map(\.rawValue), fields: PaymentFields.fields(for: .card),
      submit: "Save", focus: 0)
  }

  var kind: PaymentFields.Kind { PaymentFields.Kind.allCases[form.choice] }
  public var hasInput: Bool { form.hasInput }

  /// What a key did: whether the form closes, and the effects to run.
  public func helpRows(in context: PopupContext) -> [HelpRow] {
    scrollRows(in: context) + form.bindings.helpRows()
  }

  public mutating func paste(_ text: String, in context: PopupContext) -> Bool { form.paste(text) }

  public mutating func handle(_ key: Key, in context: PopupContext) -> PopupResult {
    guard let snapshot = context.snapshot else { return .stay }
    if scrolls(by: key, in: context) { return .stay }
    return handle(key, snapshot: snapshot)
  }

  mutating func handle(_ key: Key, snapshot: Snapshot) -> PopupResult {
    // The form opens on the Method row so ←/→ work at once; typing there goes to the
    // first field, so a card number typed straight away is not lost.
    if form.isChoiceFocused, case .character(let typed) = key, typed != " ", !form.fields.isEmpty {
      form.focus = 1
    }
    switch form.handle(key) {
    case .dismissed: return .close
    case .changedChoice:
      form.replaceFields(PaymentFields.fields(for: kind))
    case .pressed(.submit):
      guard
        let input = PaymentFields.input(
          kind: kind, form: &form, now: snapshot.now, calendar: snapshot.calendar)
      else { return .stay }
      return submission.send(.updatePaymentMethod(subscriptionID: subscriptionID, input: input))
    case .pressed(.cancel): return .close
    default: break
    }
    return .stay
  }

  public func body(in context: PopupContext) -> PopupBody {
    PopupBody(
      title: "Update payment method · \(planName)", width: 72, footer: form.bindings.hintLine(),
      scroll: scroll
    ) { canvas, width in
      canvas.put("Now: \(current)", x: 0, y: 0, style: .muted, maxX: width)
      let refusal = submission.render(into: &canvas, y: 2, width: width)
      var (row, focusRow) = form.drawn(into: &canvas, x: 0, y: refusal == 0 ? 2 : refusal + 3, width: width)
      if kind == .btc {
        row += 1 + canvas.paragraph(PaymentFields.btcText, x: 0, y: row + 1, width: width, style: .warning)
      } else if let autoRenewalNote {
        row += 1 + canvas.paragraph(autoRenewalNote, x: 0, y: row + 1, width: width, style: .warning)
      }
      return PopupBody.Drawn(rows: row, focusRow: focusRow)
    }
  }
}
