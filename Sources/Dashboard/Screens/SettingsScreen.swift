import Billing
import Foundation
import TerminalUI

/// Account settings (`3`): one tab per subscription, Billing history, Profile (DESIGN.md).
public struct SettingsView: Screen, Hashable {
  public static let section = Section.account

  public init() {}

  public var tab = 0
  /// The focused row of Billing history, newest first.
  public var historySelection = 0
  /// The account's invoices (R26a), loaded with the screen: the snapshot does not carry them.
  public var invoices: [IssuedInvoice] = []
  /// Profile → SSH keys, while it is open in place of the profile (`SSHKeysPage.swift`).
  public var sshKeysPage: SSHKeysPage?

  public enum Action: Hashable, Sendable {
    case nextTab, previousTab, cancel, updatePayment, refund, addTraffic, renewNow, buyUsers
    case proxyAccess
    case editProfile, changePassword, scrollUp, scrollDown, pageUp, pageDown
    case openInvoice, exportInvoice
    case sshKeys
    case onSSHKeys(SSHKeysPage.Action)
  }

  static let subscriptionBindings: [KeyBinding<Action>] = [
    KeyBinding([.tab], "tab", "Next tab", .nextTab),
    KeyBinding([.backTab], "prev", "Previous tab", .previousTab, hint: false),
    KeyBinding(
      [.character("c")], "cancel", "Cancel subscription (asks first), or resume it",
      .cancel),
    KeyBinding([.character("u")], "payment", "Update payment method", .updatePayment),
    KeyBinding([.character("r")], "refund", "Request a refund (money-back guarantee)", .refund),
    KeyBinding([.character("t")], "traffic", "Add extra traffic", .addTraffic),
    KeyBinding([.character("n")], "renew", "Renew now (a plan change, previewed first)", .renewNow),
    KeyBinding([.character("b")], "users", "Buy more proxy users", .buyUsers, hint: false),
    KeyBinding(
      [.character("a")], "access", "Proxy access (endpoint, IP whitelist, curl)",
      .proxyAccess),
  ]

  static let historyBindings: [KeyBinding<Action>] = [
    KeyBinding([.tab], "tab", "Next tab", .nextTab),
    KeyBinding([.backTab], "prev", "Previous tab", .previousTab, hint: false),
    KeyBinding([.up, .character("k")], "up", "Previous row", .scrollUp),
    KeyBinding([.down, .character("j")], "down", "Next row", .scrollDown),
    KeyBinding([.pageUp], "page up", "A page up", .pageUp, hint: false),
    KeyBinding([.pageDown], "page down", "A page down", .pageDown, hint: false),
    KeyBinding([.enter], "invoice", "Open the row's invoice", .openInvoice),
    KeyBinding(
      [.character("e")], "export", "Export the row's invoice as text and HTML files", .exportInvoice),
  ]

  /// Billing history's keys: moving only where there is a row to go to, `Enter` and `e`
  /// only on a row that has an invoice (R26a).
  func historyBindings(in snapshot: Snapshot) -> [KeyBinding<Action>] {
    let rows = BillingHistoryRow.rows(for: snapshot, invoices: invoices)
    let selected = min(historySelection, max(0, rows.count - 1))
    let row = rows.isEmpty ? nil : rows[selected]
    return Self.historyBindings.map { binding in
      switch binding.action {
      case .scrollUp, .pageUp:
        return binding.disabled(selected > 0 ? nil : "This is the newest row.")
      case .scrollDown, .pageDown:
        return binding.disabled(selected < rows.count - 1 ? nil : "This is the oldest row.")
      case .openInvoice, .exportInvoice:
        guard let row else { return binding.disabled("There are no orders yet, so no invoices.") }
        return binding.disabled(row.invoice == nil ? row.noInvoiceReason ?? "This row has no invoice." : nil)
      default: return binding
      }
    }
  }

  static let profileBindings: [KeyBinding<Action>] = [
    KeyBinding([.tab], "tab", "Next tab", .nextTab),
    KeyBinding([.backTab], "prev", "Previous tab", .previousTab, hint: false),
    KeyBinding([.character("e"), .enter], "edit", "Edit name, company, country, VAT id", .editProfile),
    KeyBinding([.character("w")], "password", "Change password", .changePassword),
    KeyBinding([.character("s")], "ssh keys", "SSH keys: the keys that open this account over ssh", .sshKeys),
  ]

  /// The tabs in DESIGN.md's order: subscriptions (residential first), history, profile.
  public enum Tab: Hashable, Sendable {
    case subscription(Subscription)
    case history
    case profile

    /// `compact` drops the product ("Advanced" for "Residential: Advanced") so that every
    /// tab stays visible on a narrow terminal; the tab's body names the product.
    func title(in snapshot: Snapshot, compact: Bool = false) -> String {
      switch self {
      case .subscription(let subscription):
        compact
          ? snapshot.planName(subscription)
          : "\(subscription.product.shortName): \(snapshot.planName(subscription))"
      case .history: "Billing history"
      case .profile: "Profile"
      }
    }
  }

  static func tabs(for snapshot: Snapshot) -> [Tab] {
    snapshot.account.visibleSubscriptions.map { .subscription($0) } + [.history, .profile]
  }

  /// DESIGN.md: `3` opens the first subscription's tab, Profile when there is none.
  static func openingTab(for snapshot: Snapshot) -> Int {
    let all = tabs(for: snapshot)
    guard case .subscription = all.first else { return all.firstIndex(of: .profile) ?? 0 }
    return 0
  }

  func currentTab(in snapshot: Snapshot) -> Tab {
    let all = Self.tabs(for: snapshot)
    return all[min(tab, all.count - 1)]
  }

  /// The subscription tab's keys for this subscription, each disabled with Billing's
  /// reason where the state does not allow it (a refunded one offers no cancel, a past-due
  /// one no extras): `c` cancels an active or past-due one (R22), resumes a cancelled one
  /// (R22a).
  static func subscriptionBindings(for subscription: Subscription, in snapshot: Snapshot)
    -> [KeyBinding<Action>]
  {
    let calendar = snapshot.calendar
    return subscriptionBindings.map { binding in
      switch binding.action {
      case .cancel:
        switch subscription.state {
        case .active, .pastDue: return binding
        case .cancelled:
          var resume = binding
          resume.label = "resume"
          resume.help =
            "Resume subscription (asks first): auto-renewal on again until \(calendar.dayText(subscription.periodEnd)), free"
          return resume
        case .ended, .refunded:
          return binding.disabled(
            "This subscription is \(subscription.state.label.lowercased()): there is nothing to cancel.")
        }
      case .updatePayment: return binding.disabled(SubscriptionRefusals.updatePayment(of: subscription))
      case .refund: return binding.disabled(SubscriptionRefusals.refund(of: subscription, in: snapshot))
      case .addTraffic:
        return binding.disabled(SubscriptionRefusals.addTraffic(to: subscription, calendar: calendar))
      case .renewNow: return binding.disabled(SubscriptionRefusals.renew(subscription, calendar: calendar))
      case .buyUsers:
        return binding.disabled(SubscriptionRefusals.buyProxyUsers(for: subscription, calendar: calendar))
      default: return binding
      }
    }
  }

  public func bindings(in context: ScreenContext) -> [KeyBinding<Action>] {
    switch currentTab(in: context.snapshot) {
    case .subscription(let subscription):
      Self.subscriptionBindings(for: subscription, in: context.snapshot)
    case .history: historyBindings(in: context.snapshot)
    case .profile:
      sshKeysPage == nil ? Self.profileBindings : Self.sshKeysBindings(keys: context.snapshot.sshKeys)
    }
  }
}

extension Section {
  public static let account = Section(id: "account", title: "Account settings")
}

extension SettingsView {
  /// `3` opens the first tab (DESIGN.md).
  public mutating func enter() {
    tab = 0
    sshKeysPage = nil
  }

  /// The invoices of Billing history, fresh after every change (a purchase issues one).
  public func load(in context: ScreenContext) -> [Effect] { [.loadInvoices] }

  public mutating func receive(_ event: AppEvent) {
    if case .invoices(let invoices) = event { self.invoices = invoices }
  }

  public mutating func perform(_ action: Action, in context: ScreenContext) -> [ScreenRequest] {
    let snapshot = context.snapshot
    let tabs = SettingsView.tabs(for: snapshot)
    let current = currentTab(in: snapshot)
    switch action {
    case .nextTab:
      tab = (min(tab, tabs.count - 1) + 1) % tabs.count
      historySelection = 0
      sshKeysPage = nil
    case .previousTab:
      tab = (min(tab, tabs.count - 1) + tabs.count - 1) % tabs.count
      historySelection = 0
      sshKeysPage = nil
    case .scrollUp, .scrollDown, .pageUp, .pageDown:
      let count = BillingHistoryRow.rows(for: snapshot, invoices: invoices).count
      let step = [Action.scrollUp: -1, .scrollDown: 1, .pageUp: -10, .pageDown: 10][action] ?? 0
      historySelection = max(0, min(max(0, count - 1), min(historySelection, max(0, count - 1)) + step))
    case .openInvoice, .exportInvoice:
      let rows = BillingHistoryRow.rows(for: snapshot, invoices: invoices)
      guard !rows.isEmpty, let invoice = rows[min(historySelection, rows.count - 1)].invoice else {
        return []
      }
      if action == .exportInvoice { return [.effect(.exportInvoice(invoice.number))] }
      return [.overlay(InvoicePopup(invoice: invoice))]
    case .editProfile: return [.overlay(ProfileForm(profile: snapshot.account.profile))]
    case .changePassword: return [.overlay(PasswordForm())]
    case .sshKeys: sshKeysPage = SSHKeysPage()
    case .onSSHKeys(let pageAction): return performOnSSHKeys(pageAction, keys: snapshot.sshKeys)
    case .cancel, .updatePayment, .refund, .addTraffic, .renewNow, .buyUsers, .proxyAccess:
      guard case .subscription(let subscription) = current else { return [] }
      return subscriptionRequests(action, subscription: subscription, snapshot: snapshot)
    }
    return []
  }

  private func subscriptionRequests(
    _ action: SettingsView.Action, subscription: Subscription, snapshot: Snapshot
  ) -> [ScreenRequest] {
    let calendar = snapshot.calendar
    let name = snapshot.planName(subscription)
    switch action {
    case .cancel:
      // R22a: `c` on a cancelled subscription offers Resume; R22: past due can be cancelled.
      if subscription.state == .cancelled {
        let step = BillingStep(
          catalog: snapshot.catalog, taxRates: snapshot.taxRates, policy: snapshot.policy)
        let terms = Cancellation.resumeTerms(
          of: subscription, planName: name,
          monthlyFee: step.renewalInvoice(for: subscription, in: snapshot.account)?.total,
          calendar: calendar)
        return [
          .overlay(CancelPopup(subscriptionID: subscription.id, planName: name, lines: terms, resumes: true))
        ]
      }
      return [
        .overlay(
          CancelPopup(
            subscriptionID: subscription.id, planName: name,
            lines: Cancellation.consequences(of: subscription, planName: name, calendar: calendar)))
      ]
    case .updatePayment:
      return [.overlay(PaymentForm(subscription: subscription, planName: name, calendar: calendar))]
    case .refund:
      let verdict = Refunds.eligibility(
        of: subscription.id, in: snapshot.account, catalog: snapshot.catalog, policy: snapshot.policy,
        now: snapshot.now)
      return [
        .overlay(RefundPopup(subscriptionID: subscription.id, planName: name, eligibility: verdict))
      ]
    case .addTraffic: return [.extra(.traffic(gigabytes: 0), subscription)]
    case .buyUsers: return [.extra(.proxyUsers(count: 0), subscription)]
    case .proxyAccess:
      return [
        .overlay(
          ProxyAccessPopup(product: subscription.product, planName: name, isLive: subscription.state.isLive)),
        .effect(.loadProxyAccess(subscription.product)),
      ]
    case .renewNow: return [.checkout(planID: subscription.planID)]
    default: return []
    }
  }

  public func render(into canvas: inout Canvas, area: Rect, context: ScreenContext) {
    let snapshot = context.snapshot
    let glyphs = context.glyphs
    let tabs = SettingsView.tabs(for: snapshot)
    let selected = min(tab, tabs.count - 1)
    var titles = tabs.map { $0.title(in: snapshot) }
    if Canvas.tabsWidth(titles) > area.width { titles = tabs.map { $0.title(in: snapshot, compact: true) } }
    canvas.tabs(titles, selected: selected, x: area.x, y: area.y, maxX: area.maxX)
    let body = Rect(x: area.x, y: area.y + 2, width: area.width, height: area.height - 2)
    switch tabs[selected] {
    case .subscription(let subscription):
      renderSubscription(subscription, into: &canvas, area: body, snapshot: snapshot, glyphs: glyphs)
    case .history: renderHistory(into: &canvas, area: body, snapshot: snapshot)
    case .profile:
      if let sshKeysPage {
        sshKeysPage.render(into: &canvas, area: body, snapshot: snapshot, keys: snapshot.sshKeys)
      } else {
        renderProfile(into: &canvas, area: body, snapshot: snapshot)
      }
    }
  }

  private func renderSubscription(
    _ subscription: Subscription, into canvas: inout Canvas, area: Rect, snapshot: Snapshot, glyphs: Glyphs
  ) {
    let calendar = snapshot.calendar
    let plan = snapshot.catalog.plan(id: subscription.planID)
    var y = area.y
    let x = area.x
    // A line longer than the area wraps (a refund reason, a BTC note) rather than being cut.
    func line(_ text: String, _ style: CellStyle = .text) {
      y += canvas.paragraph(text, x: x, y: y, width: area.width, style: style)
    }
    line(
      "\(subscription.product.displayName) · \(plan?.name ?? subscription.planID) plan, \(plan?.allowance.compact ?? "?")",
      .title)
    let stateStyle: CellStyle =
      switch subscription.state {
      case .active: .success
      case .cancelled: .warning
      default: .danger
      }
    canvas.put("State: \(subscription.state.label)", x: x, y: y, style: stateStyle)
    canvas.put(
      "Auto-renewal: \(subscription.autoRenew ? "on" : "off")", x: x + 28, y: y,
      style: subscription.autoRenew ? .text : .warning)
    y += 1
    line(
      "Period: \(calendar.dayText(subscription.periodStart)) – \(calendar.dayText(subscription.periodEnd))")
    switch subscription.state {
    case .active where subscription.autoRenew:
      if let invoice = BillingStep(
        catalog: snapshot.catalog, taxRates: snapshot.taxRates, policy: snapshot.policy
      )
      .renewalInvoice(for: subscription, in: snapshot.account) {
        line(
          "Next charge: \(calendar.dayText(subscription.periodEnd)) \(invoice.total) (\(invoice.vatLabel) \(invoice.vat))"
        )
      }
    case .active, .cancelled:
      line("Active until: \(calendar.dayText(subscription.periodEnd))", .warning)
    case .pastDue:
      line(
        "Payment failed on \(calendar.dayText(subscription.pastDueSince ?? subscription.periodEnd)): proxies paused",
        .danger)
      let step = BillingStep(catalog: snapshot.catalog, taxRates: snapshot.taxRates, policy: snapshot.policy)
      if let invoice = step.renewalInvoice(for: subscription, in: snapshot.account) {
        line("Amount due: \(invoice.total) (\(invoice.vatLabel) \(invoice.vat))")
      }
      // R7a: the retry schedule is the billing step's own, so the date is the one it will use.
      let retry = step.pending(for: snapshot.account).first {
        $0.kind == .retry(subscriptionID: subscription.id)
      }
      line(
        "Next retry: \(retry.map { calendar.dateTimeText($0.date) } ?? "none: the subscription ends")"
          + " · u updates the payment method and retries at once")
    case .ended, .refunded:
      line(
        "Ended: \(calendar.dayText(subscription.endedAt ?? subscription.periodEnd)). Buy again from Pricing (2).",
        .muted)
    }
    line("Payment method: \(subscription.paymentMethod.summary)")
    let used = subscription.used
    switch subscription.state {
    case .pastDue:
      // R7a: traffic is paused, and a paid retry starts a new period, so nothing is "left".
      line("Traffic: paused until paid (\(used) of \(subscription.available) used)", .danger)
    case .ended, .refunded:
      line("Traffic: none (\(used) of \(subscription.available) used last period)", .muted)
    case .active, .cancelled:
      line("Traffic: \(used) used of \(subscription.available) · \(subscription.remaining) left")
    }
    let gaugeWidth = min(40, area.width - 8)
    let fraction =
      subscription.available.bytes > 0 ? Double(used.bytes) / Double(subscription.available.bytes) : 1
    canvas.gauge(
      fraction: fraction, x: x, y: y, width: gaugeWidth, glyphs: glyphs,
      style: fraction >= 0.8 ? .warning : .chart)
    canvas.put("\(subscription.usedPercent) %", x: x + gaugeWidth + 1, y: y, style: .muted)
    y += 1
    if subscription.transferred > .zero || subscription.extra > .zero {
      line("  includes \(subscription.transferred) transferred, \(subscription.extra) extra", .muted)
    }
    line("Coupon: \(subscription.coupon.map { "\($0.coupon.code), \($0.coupon.summary)" } ?? "none")")
    let users = ProxyUserAllowance.limit(for: subscription, catalog: snapshot.catalog)
    line(
      "Proxy users: \(users) (\(plan?.includedProxyUsers ?? 0) included, \(subscription.extraProxyUsers) bought)"
    )
    let refund = Refunds.eligibility(
      of: subscription.id, in: snapshot.account, catalog: snapshot.catalog, policy: snapshot.policy,
      now: snapshot.now)
    line(refund.label(in: calendar), refund.isEligible ? .success : .muted)
    if subscription.state.isLive {
      y += 1
      let actions = SettingsView.subscriptionBindings(for: subscription, in: snapshot).filter {
        $0.action != .nextTab && $0.action != .previousTab && $0.isEnabled
      }
      var column = x
      for binding in actions {
        let text =
          "\(binding.keyText) \(binding.help.split(separator: "(").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? binding.label)"
        if column + TerminalText.width(text) > area.maxX {
          y += 1
          column = x
        }
        canvas.put(binding.keyText, x: column, y: y, style: .title)
        column =
          canvas.put(
            " " + text.dropFirst(binding.keyText.count + 1), x: column + TerminalText.width(binding.keyText),
            y: y, style: .muted) + 3
      }
    }
  }

  private func renderHistory(into canvas: inout Canvas, area: Rect, snapshot: Snapshot) {
    let rows = BillingHistoryRow.rows(for: snapshot, invoices: invoices)
    if rows.isEmpty {
      Table(columns: BillingHistoryRow.columns, rows: []).fitted(to: area.width).render(
        into: &canvas, area: Rect(x: area.x, y: area.y, width: area.width, height: 1))
      canvas.put("No orders yet: plans are on the Pricing tab (2).", x: area.x, y: area.y + 1, style: .muted)
      return
    }
    let selected = min(historySelection, rows.count - 1)
    let table = Table(
      columns: BillingHistoryRow.columns,
      rows: rows.enumerated().map { index, row in
        .cells(row.cells, style: index == selected ? .focus : row.style)
      }, selected: selected, spacing: 2
    ).fitted(to: area.width)
    // The last line counts the rows when they do not all fit.
    let visible = area.height - 2
    table.render(into: &canvas, area: Rect(x: area.x, y: area.y, width: area.width, height: visible + 1))
    if rows.count > visible {
      let first = table.offset(visible: visible)
      canvas.put(
        "\(first + 1)–\(min(rows.count, first + visible)) of \(rows.count)", x: area.x, y: area.maxY - 1,
        style: .muted)
    }
  }

  private func renderProfile(into canvas: inout Canvas, area: Rect, snapshot: Snapshot) {
    let account = snapshot.account
    let profile = account.profile
    let country = snapshot.taxRates.country(profile.country)
    let rows: [(String, String)] = [
      ("Email", account.email),
      ("Name", profile.name.isEmpty ? "—" : profile.name),
      ("Company", profile.company.isEmpty ? "—" : profile.company),
      ("Billing country", country.map { "\($0.name) (\($0.code))" } ?? profile.country),
      ("VAT id", profile.vatID?.isEmpty == false ? profile.vatID ?? "" : "—"),
      ("VAT", snapshot.taxRates.treatment(for: profile).label),
      ("Time zone", profile.timeZone),
      ("Customer since", snapshot.calendar.dayText(account.createdAt)),
      ("SSH keys", SSHKeysPage.count(snapshot.sshKeys)),
    ]
    for (index, row) in rows.enumerated() {
      canvas.put(TerminalText.pad(row.0, to: 18), x: area.x, y: area.y + index, style: .muted)
      canvas.put(row.1, x: area.x + 18, y: area.y + index, maxX: area.maxX)
    }
    canvas.put("e", x: area.x, y: area.y + rows.count + 1, style: .title)
    canvas.put("Edit profile", x: area.x + 2, y: area.y + rows.count + 1, style: .muted)
    canvas.put("w", x: area.x + 18, y: area.y + rows.count + 1, style: .title)
    canvas.put("Change password", x: area.x + 20, y: area.y + rows.count + 1, style: .muted)
    canvas.put("s", x: area.x + 38, y: area.y + rows.count + 1, style: .title)
    canvas.put("SSH keys", x: area.x + 40, y: area.y + rows.count + 1, style: .muted, maxX: area.maxX)
  }
}
