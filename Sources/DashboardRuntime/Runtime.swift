import Billing
import Dashboard
import Foundation
import Services
import TerminalUI

/// Carries out the effects `update` returns, through the services, and feeds the
/// answers back as events: the one place where the dashboard touches the store. Three
/// things it changes itself: the size before the first frame (`configure`), the quit
/// flag, and a demo reset, which starts from a fresh state on the rebuilt store.
public final class Runtime {
  public private(set) var state: AppState
  public private(set) var service: ProxyDashService
  /// The demo's clock, when time travel is allowed.
  public let demoClock: FixedClock?
  /// Rebuilds the demo store (`R`); nil outside the demo.
  private let resetDemo: (() throws(ServiceError) -> ProxyDashService)?
  private var accountID: String?

  public init(
    state: AppState, service: ProxyDashService, demoClock: FixedClock? = nil,
    resetDemo: (() throws(ServiceError) -> ProxyDashService)? = nil
  ) {
    self.state = state
    self.service = service
    self.demoClock = demoClock
    self.resetDemo = resetDemo
  }

  public var shouldQuit: Bool { state.isQuitting }

  /// Adjusts the state before the first frame (terminal size, glyphs, a start-up banner).
  public func configure(_ change: (inout AppState) -> Void) {
    change(&state)
  }

  /// Starts a session as `email` without a password (demo, `--account`).
  public func logIn(as email: String) throws(ServiceError) {
    let id = try service.accountID(email: email)
    accountID = id
    _ = try step(id)
    send(.loggedIn(try snapshot()))
  }

  /// Applies an event and every effect it leads to.
  public func send(_ event: AppEvent) {
    var queue = [event]
    var steps = 0
    while !queue.isEmpty && steps < 64 {
      steps += 1
      let (next, effects) = AppState.update(state, queue.removeFirst())
      state = next
      for effect in effects {
        if let answer = perform(effect) { queue.append(answer) }
      }
    }
  }

  /// The frame to show now. Drawing it counts as showing it: an open money
  /// confirmation accepts keys from here on (R32).
  public func render() -> Canvas {
    let canvas = state.render()
    markFrameShown()
    return canvas
  }

  /// True when the last frame shown was the first to show a money confirmation: keys
  /// already waiting were typed before it, and the terminal should drop them.
  public private(set) var showedNewConfirmation = false

  /// Says the current state is on screen (the script runner, after each step).
  public func markFrameShown() {
    showedNewConfirmation = state.markFrameShown()
  }

  /// Moves the demo clock by `seconds` (or to the date) and runs the billing step.
  public func advanceClock(by seconds: TimeInterval) {
    guard let demoClock else { return }
    demoClock.advance(by: seconds)
    send(clockMoved())
  }

  /// Moves the demo clock by calendar months (scripts' `advance 1mo`).
  public func advanceClock(months: Int) {
    guard let demoClock else { return }
    demoClock.set(BillingCalendar.utc.adding(months: months, to: demoClock.now))
    send(clockMoved())
  }

  /// The next moment the billing step has something to do for the logged-in account:
  /// the interactive loop waits for a key no longer than until then (R28).
  public var nextDueDate: Date? {
    guard accountID != nil, let account = state.snapshot?.account else { return nil }
    return service.billingStep.pending(for: account).first?.date
  }

  /// Time passed without a key: when a due moment (period end, reminder, retry) has
  /// passed, runs the billing step and redraws, so an open dashboard keeps time (R28).
  /// Another process may have done it already; then the screen just takes the news.
  public func tick() {
    guard let accountID, let due = nextDueDate, due <= service.now else { return }
    do {
      try service.reloadCatalogIfChanged()
      let events = try service.runBillingStep(accountID: accountID)
      let snapshot = try snapshot()
      send(events.isEmpty ? .loaded(snapshot) : .clockMoved(events: events, snapshot: snapshot))
    } catch {
      send(failed(error))
    }
  }

  private func clockMoved() -> AppEvent {
    guard let accountID else { return failed(.invalidInput("Log in first.")) }
    do {
      let events = try step(accountID)
      return .clockMoved(events: events, snapshot: try snapshot())
    } catch {
      return failed(error)
    }
  }

  /// Brings the account up to the clock. In the demo the clock also makes the persona's
  /// traffic (`catchUpDemo`); never on a real store, even one opened with `--now`.
  private func step(_ accountID: String) throws(ServiceError) -> [BillingEvent] {
    state.isDemo && demoClock != nil
      ? try service.catchUpDemo(accountID: accountID) : try service.runBillingStep(accountID: accountID)
  }

  /// The fresh view of the logged-in account.
  func snapshot() throws(ServiceError) -> Snapshot {
    guard let accountID else { throw .invalidInput("Log in first.") }
    let account = try service.account(id: accountID)
    let proxyUsers = try service.proxyUsers(accountID: accountID)
    return Snapshot(
      account: account, catalog: service.catalog, taxRates: service.taxRates, coupons: service.coupons,
      policy: service.policy, now: service.now, outbox: try service.outbox(accountID: accountID),
      proxyUsers: proxyUsers, proxyUserTraffic: state.snapshot?.proxyUserTraffic ?? [:],
      returnedPayments: try service.returnedPayments(accountID: accountID),
      sshKeys: try sshKeyList(accountID: accountID))
  }

  private func perform(_ effect: Effect) -> AppEvent? {
    do {
      return try run(effect)
    } catch {
      return failed(error)
    }
  }

  private func failed(_ error: ServiceError) -> AppEvent {
    .failed(Failure(error, calendar: state.snapshot?.calendar ?? .utc))
  }

  private func run(_ effect: Effect) throws(ServiceError) -> AppEvent? {
    switch effect {
    case .quit:
      state.isQuitting = true
      return nil
    case .logIn(let email, let password):
      let account = try service.logIn(email: email, password: password)
      accountID = account.id
      _ = try service.runBillingStep(accountID: account.id)
      return .loggedIn(try snapshot())
    case .signUp(let email, let password, let country):
      let account = try service.signUp(email: email, password: password, country: country)
      accountID = account.id
      return .loggedIn(try snapshot())
    case .logOut:
      accountID = nil
      return .loggedOut
    case .switchPersona(let email):
      let id = try service.accountID(email: email)
      accountID = id
      _ = try step(id)
      return .loggedIn(try snapshot())
    case .reload:
      if let accountID { _ = try service.runBillingStep(accountID: accountID) }
      return .loaded(try snapshot())
    case .loadUsage(let product, let range):
      guard let account = state.snapshot?.account else { return nil }
      return .usage(try service.usage(for: account, product: product, range: range))
    case .loadProxyUserTraffic:
      guard let account = state.snapshot?.account else { return nil }
      var traffic: [Product: [String: Traffic]] = [:]
      for subscription in account.subscriptions where subscription.state.isLive {
        let report = try service.usage(for: account, product: subscription.product, range: .currentPeriod)
        traffic[subscription.product] = Dictionary(
          report.byUser.map { ($0.proxyUser, $0.traffic) }, uniquingKeysWith: +)
      }
      return .proxyUserTraffic(traffic)
    case .exportUsage(let product, let range):
      guard let accountID else { return nil }
      return .exported(path: try service.exportUsage(accountID: accountID, product: product, range: range))
    case .loadInvoices:
      guard let accountID else { return nil }
      return .invoices(try service.invoices(accountID: accountID))
    case .exportInvoice(let number):
      let id = try requireAccount()
      let export = try service.exportInvoice(accountID: id, number: number)
      return .invoiceExported(number, paths: [export.textPath, export.htmlPath])
    case .buyPlan(let planID, let payment, let coupon, let key):
      let id = try requireAccount()
      let method: PaymentMethod
      switch payment {
      case .saved(let saved): method = saved
      case .entered(let input):
        method = try service.storedMethod(from: input, accountID: id, forPlan: planID)
      }
      let quote = try service.quotePlan(
        accountID: id, planID: planID, paymentMethod: method, couponCode: coupon)
      let outcome = try service.buyPlan(accountID: id, quote: quote, idempotencyKey: key)
      return .purchased(outcome, snapshot: try snapshot())
    case .buyExtra(let subscriptionID, let extra, let key):
      let id = try requireAccount()
      let quote: ExtraQuote
      switch extra {
      case .traffic(let gigabytes):
        quote = try service.quoteExtraTraffic(
          accountID: id, subscriptionID: subscriptionID, gigabytes: gigabytes)
      case .proxyUsers(let count):
        quote = try service.quoteProxyUsers(accountID: id, subscriptionID: subscriptionID, count: count)
      }
      let outcome = try service.buyExtra(accountID: id, quote: quote, idempotencyKey: key)
      return .purchased(outcome, snapshot: try snapshot())
    case .cancel(let subscriptionID, let reason):
      let id = try requireAccount()
      let account = try service.cancel(accountID: id, subscriptionID: subscriptionID, reason: reason)
      let subscription = account.subscription(id: subscriptionID)
      let until = subscription.map { account.calendar.dayText($0.periodEnd) } ?? ""
      // A past-due subscription ends at once (R22): there is no paid period to use.
      let message =
        subscription?.state == .ended
        ? "Cancelled: the payment retries have stopped; nothing more will be charged. Confirmation emailed."
        : "Cancelled: auto-renewal is off; usable until \(until). Confirmation emailed."
      return .done(message: message, snapshot: try snapshot())
    case .resume(let subscriptionID):
      let id = try requireAccount()
      let account = try service.resume(accountID: id, subscriptionID: subscriptionID)
      let renews =
        account.subscription(id: subscriptionID).map {
          account.calendar.dayText($0.periodEnd)
        } ?? ""
      return .done(
        message: "Resumed: auto-renewal is on again, nothing was charged; renews on \(renews).",
        snapshot: try snapshot())
    case .requestRefund(let subscriptionID):
      let id = try requireAccount()
      let refund = try service.requestRefund(accountID: id, subscriptionID: subscriptionID)
      return .refunded(refund, snapshot: try snapshot())
    case .updatePaymentMethod(let subscriptionID, let input):
      let id = try requireAccount()
      let events = try service.updatePaymentMethod(
        accountID: id, subscriptionID: subscriptionID, input: input)
      let extra = events.map(\.summary).joined(separator: " · ")
      return .done(
        message: "Payment method updated." + (extra.isEmpty ? "" : " " + extra), snapshot: try snapshot())
    case .saveProfile(let profile):
      let id = try requireAccount()
      _ = try service.updateProfile(accountID: id, profile: profile)
      return .done(message: "Profile saved.", snapshot: try snapshot())
    case .changePassword(let current, let new):
      let id = try requireAccount()
      try service.changePassword(accountID: id, current: current, new: new)
      return .done(message: "Password changed.", snapshot: try snapshot())
    case .addProxyUser(let product, let name, let password, let limit):
      let id = try requireAccount()
      let user = try service.addProxyUser(
        accountID: id, product: product, name: name, password: password, limit: limit)
      return .done(message: "Proxy user \(user.name) added.", snapshot: try snapshot())
    case .changeProxyUserPassword(let userID, let password):
      let id = try requireAccount()
      try service.changeProxyUserPassword(accountID: id, proxyUserID: userID, password: password)
      return .done(message: "Password changed.", snapshot: try snapshot())
    case .setProxyUserLimit(let userID, let limit):
      let id = try requireAccount()
      try service.setProxyUserLimit(accountID: id, proxyUserID: userID, limit: limit)
      return .done(
        message: limit.map { "Limit set to \($0.compact)." } ?? "Limit cleared.", snapshot: try snapshot())
    case .removeProxyUser(let userID):
      let id = try requireAccount()
      try service.removeProxyUser(accountID: id, proxyUserID: userID)
      return .done(message: "Proxy user removed.", snapshot: try snapshot())
    case .addSSHKey(let line):
      let key = try service.addSSHKey(accountID: try requireAccount(), line: line)
      return .done(message: "SSH key \(key.fingerprint) added.", snapshot: try snapshot())
    case .removeSSHKey(let keyID):
      try service.removeSSHKey(accountID: try requireAccount(), keyID: keyID)
      return .done(message: "SSH key removed: it no longer opens this account.", snapshot: try snapshot())
    case .swapPausedProxyUser(let userID):
      let id = try requireAccount()
      let users = try service.swapPausedProxyUser(accountID: id, proxyUserID: userID)
      let serving = users.first { $0.id == userID }.map { $0.paused ? "paused" : "serving" } ?? "changed"
      return .done(message: "Proxy user \(serving); the plan's count is kept.", snapshot: try snapshot())
    case .loadProxyAccess(let product):
      return .proxyAccess(try service.proxyAccess(accountID: try requireAccount(), product: product))
    case .loadProxyUserPassword(let userID):
      let password = try service.proxyUserPassword(accountID: try requireAccount(), proxyUserID: userID)
      return .proxyUserPassword(id: userID, password: password)
    case .whitelist(let product, let address):
      return .proxyAccess(
        try service.whitelist(address, accountID: try requireAccount(), product: product))
    case .removeFromWhitelist(let product, let address):
      return .proxyAccess(
        try service.removeFromWhitelist(address, accountID: try requireAccount(), product: product))
    case .markRead(let messageID):
      let id = try requireAccount()
      try service.markRead(accountID: id, messageID: messageID)
      return .loaded(try snapshot())
    case .advanceClock(let days):
      guard let demoClock else { return nil }
      demoClock.advance(by: TimeInterval(days) * 86_400)
      return clockMoved()
    case .jumpToNextBillingEvent:
      guard let demoClock else { return nil }
      let id = try requireAccount()
      let account = try service.account(id: id)
      guard let next = service.billingStep.nextEventDate(for: account, after: demoClock.now) else {
        return .done(message: "No billing event ahead for \(account.email).", snapshot: try snapshot())
      }
      demoClock.set(next)
      return clockMoved()
    case .resetDemo:
      guard let resetDemo else { return nil }
      let email = state.snapshot?.account.email
      service = try resetDemo()
      if let email {
        let account = try service.account(email: email)
        accountID = account.id
      }
      // A fresh state, as after logging in, but the banner says what `R` did: a reset
      // with no word looked like nothing had happened.
      var fresh = AppState(
        width: state.width, height: state.height, ascii: state.glyphs == .ascii, isDemo: state.isDemo,
        personas: state.personas)
      fresh.section = Section.allCases[0]
      state = fresh
      let snapshot = try snapshot()
      return .done(
        message:
          "Demo reset: every persona's data is back as shipped, the clock at \(snapshot.calendar.dateTimeText(snapshot.now)).",
        snapshot: snapshot)
    }
  }

  private func requireAccount() throws(ServiceError) -> String {
    guard let accountID else { throw .invalidInput("Log in first.") }
    return accountID
  }
}
