import Billing
import Foundation
import TerminalUI

/// Checkout for a plan (R10–R19): payment method, coupon with an immediate verdict, VAT,
/// total, and for a plan change the full preview of R15 before any money moves.
public struct CheckoutForm: ScrollingPopup, Hashable {
  public var planID: String
  public var planName: String
  public var kind: PurchaseKind
  public var savedMethods: [PaymentMethod]
  public var form: Form<PaymentField>
  public var quote: CheckoutQuote?
  public var problem: String?
  public var couponVerdict: Verdict?
  public var key: String
  public var attempt = 0
  public var outcome: String?
  /// How far PgDn moved the pop-up's body when it is taller than the terminal.
  public var scroll = 0
  /// Whether the account could still ask for a refund: only then does a change end it (R13).
  public var refundRightNow = false

  /// The coupon field's immediate verdict (R17).
  public struct Verdict: Hashable, Sendable {
    public var text: String
    public var ok: Bool
  }

  init(plan: Plan, snapshot: Snapshot, key: String) {
    planID = plan.id
    planName = plan.name
    kind = snapshot.checkout.kind(ofBuying: plan, for: snapshot.account)
    var methods: [PaymentMethod] = []
    let current = snapshot.account.liveSubscription(of: plan.product)
    for subscription in [current].compactMap({ $0 }) + snapshot.account.subscriptions.reversed()
    where subscription.paymentMethod.isAutomatic && !methods.contains(subscription.paymentMethod) {
      methods.append(subscription.paymentMethod)
    }
    savedMethods = Array(methods.prefix(2))
    let choices = savedMethods.map(Self.shortLabel) + ["New card", "PayPal", "BTC"]
    self.key = key
    form = Form(choices: choices, fields: [], submit: "Confirm and pay", focus: 0)
    form.replaceFields(fields())
    requote(snapshot: snapshot)
  }

  public var hasInput: Bool { outcome == nil && form.hasInput }

  /// A saved method as the choice row names it: `Visa ••4242`.
  static func shortLabel(_ method: PaymentMethod) -> String {
    switch method {
    case .card(let card): "\(card.brand.rawValue) ••\(card.last4)"
    case .payPal(let email): "PayPal \(TerminalText.truncate(email, to: 14))"
    case .btc: "BTC"
    }
  }

  /// The payment kind of the current choice.
  var paymentKind: PaymentFields.Kind? {
    let index = form.choice - savedMethods.count
    guard index >= 0 else { return nil }
    return [PaymentFields.Kind.card, .payPal, .btc][index]
  }

  func fields() -> [(PaymentField, TextField)] {
    let payment = paymentKind.map(PaymentFields.fields(for:)) ?? []
    return payment + [(.coupon, TextField("Coupon code", placeholder: "optional", maxLength: 32))]
  }

  /// A stand-in of the chosen kind for pricing: the quote depends only on the kind.
  func pricingMethod() -> PaymentMethod {
    if form.choice < savedMethods.count { return savedMethods[form.choice] }
    switch paymentKind {
    case .payPal: return .payPal(email: "")
    case .btc: return .btc
    default:
      return .card(
        StoredCard(brand: .visa, last4: "", expiryMonth: 1, expiryYear: 2100, holder: "", token: ""))
    }
  }

  mutating func requote(snapshot: Snapshot) {
    if let current = snapshot.catalog.plan(id: planID).flatMap({
      snapshot.account.liveSubscription(of: $0.product)
    }) {
      refundRightNow =
        Refunds.eligibility(
          of: current.id, in: snapshot.account, catalog: snapshot.catalog, policy: snapshot.policy,
          now: snapshot.now
        ).isEligible
    }
    let code = form.text(.coupon)
    let method = pricingMethod()
    problem = nil
    couponVerdict = nil
    if !code.trimmingCharacters(in: .whitespaces).isEmpty {
      do {
        let coupon = try snapshot.checkout.validCoupon(
          code, for: snapshot.account, product: snapshot.catalog.plan(id: planID)?.product ?? .residential,
          method: method, now: snapshot.now)
        couponVerdict = coupon.map { Verdict(text: "✓ \($0.code): \($0.summary)", ok: true) }
      } catch {
        couponVerdict = Verdict(text: error.message(in: snapshot.calendar), ok: false)
      }
    }
    do {
      // An invalid coupon is shown beside its field; the price is shown without it.
      let usable = couponVerdict?.ok == false ? nil : code
      let product = snapshot.catalog.plan(id: planID)?.product
      quote = try snapshot.checkout.quote(
        planID: planID, for: snapshot.account, paymentMethod: method, couponCode: usable,
        proxyUsersInUse: snapshot.proxyUsers.filter { $0.product == product && !$0.paused }.count,
        now: snapshot.now)
    } catch BillingError.btcThroughSupport {
      quote = nil
      problem = PaymentFields.btcText
    } catch {
      quote = nil
      problem = error.message(in: snapshot.calendar)
    }
  }

  public func helpRows(in context: PopupContext) -> [HelpRow] {
    scrollRows(in: context) + form.bindings.helpRows()
  }

  public var moneyConfirmation: MoneyConfirmation? { outcome == nil ? .checkout(key: key) : nil }

  public mutating func paste(_ text: String, in context: PopupContext) -> Bool {
    guard let snapshot = context.snapshot, outcome == nil, form.paste(text) else { return false }
    requote(snapshot: snapshot)
    return true
  }

  /// The purchase's outcome replaces the form (a second Enter never pays twice); a
  /// refusal stays on it, on the card field it names when it names one.
  public mutating func receive(_ event: AppEvent, in context: PopupContext) -> PopupResult? {
    switch event {
    case .purchased(let purchase, let snapshot):
      outcome = PurchaseText.describe(purchase, snapshot: snapshot)
      return .stay
    case .failed(let failure) where failure.kind != .btcThroughSupport:
      if case .cardRejected(let rejection) = failure.kind {
        for (field, text) in rejection.problems { form.setError(PaymentField(field), text) }
      } else {
        problem = failure.message
      }
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
    if outcome != nil {
      // R25a: a new buyer goes from the receipt straight to how to connect.
      if key == .character("a"), kind == .newPurchase,
        let product = snapshot.catalog.plan(id: planID)?.product
      {
        return .close([
          .overlay(ProxyAccessPopup(product: product, planName: planName, isLive: true)),
          .effect(.loadProxyAccess(product)),
        ])
      }
      return PurchaseText.closesReceipt(key) ? .close : .stay
    }
    // Only the Confirm button pays: `y` elsewhere (the Method row) is a stray key.
    if key == .character("y") && form.focusedButtonName == .submit { return confirm(snapshot: snapshot) }
    if key == .character("n") && form.focusedField == nil { return .close }
    switch form.handle(key) {
    case .dismissed: return .close
    case .changedChoice:
      form.replaceFields(fields())
      requote(snapshot: snapshot)
    case .edited:
      requote(snapshot: snapshot)
    case .pressed(.submit): return confirm(snapshot: snapshot)
    case .pressed(.cancel): return .close
    case .none: break
    }
    return .stay
  }

  mutating func confirm(snapshot: Snapshot) -> PopupResult {
    requote(snapshot: snapshot)
    if couponVerdict?.ok == false {
      form.focus(on: .coupon)
      return .stay
    }
    let payment: PaymentChoice
    if form.choice < savedMethods.count {
      payment = .saved(savedMethods[form.choice])
    } else if let kind = paymentKind {
      guard
        let input = PaymentFields.input(
          kind: kind, form: &form, now: snapshot.now, calendar: snapshot.calendar)
      else { return .stay }
      payment = .entered(input)
    } else {
      return .stay
    }
    if quote == nil && paymentKind != .btc { return .stay }
    attempt += 1
    let code = form.text(.coupon).trimmingCharacters(in: .whitespaces)
    return .stay([
      .effect(
        .buyPlan(
          planID: planID, payment: payment, coupon: code.isEmpty ? nil : code, key: "\(key)-\(attempt)"))
    ])
  }

  /// The pop-up's body: drawn into its own canvas, so a long preview scrolls instead of
  /// running over the border at 80×24.
  public func body(in context: PopupContext) -> PopupBody {
    let calendar = context.calendar
    return PopupBody(
      title: "Checkout · \(kind.label): \(planName)", width: 86,
      footer: outcome == nil
        ? "Tab next · ←/→ method · y or Enter on Confirm pays · Esc close"
        : kind == .newPurchase ? "a proxy access · Enter close" : nil,
      scroll: scroll, inset: 2
    ) { canvas, width in
      if let outcome {
        let rows = canvas.paragraph(outcome, x: 0, y: 0, width: width, style: .success)
        canvas.buttons(["Close"], focused: 0, x: 0, y: rows + 1)
        return PopupBody.Drawn(rows: rows + 2)
      }
      var shown = form
      if let index = shown.ids.firstIndex(of: .coupon), let verdict = couponVerdict {
        if verdict.ok {
          shown.fields[index].note = verdict.text
        } else {
          shown.fields[index].error = verdict.text
        }
      }
      let (next, focusRow) = shown.drawn(into: &canvas, x: 0, y: 0, width: width, labelWidth: 16)
      var end = next
      if let problem {
        end = next + 1 + canvas.paragraph(problem, x: 0, y: next + 1, width: width, style: .warning)
      } else if let quote {
        end = renderQuote(quote, into: &canvas, x: 0, y: next + 1, width: width, calendar: calendar)
      }
      return PopupBody.Drawn(rows: end, focusRow: focusRow)
    }
  }

  /// Draws the invoice lines left and the preview right; returns the row under both.
  private func renderQuote(
    _ quote: CheckoutQuote, into canvas: inout Canvas, x: Int, y: Int, width: Int, calendar: BillingCalendar
  ) -> Int {
    let half = width / 2
    var left = y
    // A label too long for its column wraps, with the amount on its last row: what is
    // being paid for is never cut short.
    func amountLine(_ label: String, _ amount: String, _ style: CellStyle = .text) {
      let labelWidth = half - 12
      let parts = Wrap.lines(label, width: labelWidth)
      for (index, part) in parts.enumerated() {
        let last = index == parts.count - 1
        canvas.put(
          TerminalText.pad(part, to: labelWidth)
            + (last ? TerminalText.pad(amount, to: 11, alignRight: true) : ""), x: x, y: left, style: style,
          maxX: x + half)
        left += 1
      }
    }
    for line in quote.invoice.lines { amountLine(line.label, "\(line.amount)") }
    if !quote.invoice.discount.isZero {
      amountLine(quote.invoice.discountLabel ?? "Discount", "\(-quote.invoice.discount)", .success)
    }
    amountLine(quote.invoice.vatLabel, "\(quote.invoice.vat)")
    canvas.put(TerminalText.pad("Total: \(quote.total)", to: half - 1), x: x, y: left, style: .title)
    var right = y
    let rx = x + half + 1
    func line(_ text: String, _ style: CellStyle = .text) {
      for part in Wrap.lines(text, width: x + width - rx) {
        canvas.put(part, x: rx, y: right, style: style, maxX: x + width)
        right += 1
      }
    }
    line("Change: \(quote.kind.label)", .title)
    line("Period: \(calendar.dayText(quote.newPeriodStart)) – \(calendar.dayText(quote.newPeriodEnd))")
    if quote.kind.isPlanChange {
      switch quote.unusedTraffic {
      case .lost: line(quote.unusedTraffic.label, .danger)
      case .transferred: line(quote.unusedTraffic.label, .success)
      case .none: line("Unused traffic: 0 GB transferred", .muted)
      }
      line("New period traffic: \(quote.newAvailable)")
      line("Proxy users bought: \(quote.proxyUsersMoved) move over")
    }
    // R25: the plan holds fewer users than serve now; the newest are paused.
    if quote.proxyUsersPaused > 0 {
      line("Proxy users paused: \(quote.proxyUsersPaused) (newest)", .danger)
    }
    line(
      "Coupon: \(quote.coupon.summary)",
      { if case .removed = quote.coupon { return .danger } else { return .text } }())
    if quote.kind.isPlanChange {
      line(
        refundRightNow ? "Refund right: ends with this change" : "Refund right: none to lose",
        refundRightNow ? .warning : .muted)
    }
    line("Auto-renewal: \(quote.autoRenew ? "on" : "off")")
    return max(left + 1, right)
  }
}
