import Billing
import Foundation

/// One pass of a persona's replay (see `DemoReplay`).
struct DemoReplayRun {
  let replay: DemoReplay
  let prepared: DemoReplay.Prepared
  let scales: [Product: DemoReplay.Scale]
  let step: BillingStep
  let checkout: Checkout

  var account: Account
  var method: PaymentMethod
  var notices: [Notice] = []
  var events: [BillingEvent] = []
  var records: [Product: [UsageRecord]] = [:]
  /// The earliest billing item still pending, so the step runs only when something is due.
  var nextDue: Date?
  /// Per proxy user: the period their limit counts in and what they used in it.
  var userUse: [String: (period: Date, bytes: Int64)] = [:]

  init(replay: DemoReplay, prepared: DemoReplay.Prepared, scales: [Product: DemoReplay.Scale]) {
    let context = replay.context
    self.replay = replay
    self.prepared = prepared
    self.scales = scales
    step = BillingStep(catalog: context.catalog, taxRates: context.taxRates, policy: context.policy)
    checkout = Checkout(
      catalog: context.catalog, coupons: context.coupons, taxRates: context.taxRates,
      policy: context.policy)
    account = prepared.account
    method = prepared.method
  }

  private var now: Date { replay.context.now }
  private var catalog: Catalog { replay.context.catalog }
  private var policy: BillingPolicy { replay.context.policy }

  consuming func finish() throws(DemoDataError) -> DemoPersona {
    let name =
      account.profile.name.split(separator: " ").first.map(String.init) ?? account.profile.name
    notices.append(
      Notice(
        kind: .welcome, date: account.createdAt, subject: "Welcome to ProxyDash, \(name)",
        body: """
          Your ProxyDash account \(account.email) is ready.
          Choose a plan in the Pricing tab; questions go to \(Support.email).
          """))
    refreshDue()
    var next = 0
    let actions = prepared.actions
    for hour in 0..<prepared.hourCount {
      let start = prepared.start.addingTimeInterval(Double(hour) * 3600)
      while next < actions.count, actions[next].date <= start {
        try perform(actions[next])
        next += 1
      }
      advance(to: start)
      feed(hour: hour, at: start)
    }
    while next < actions.count {
      try perform(actions[next])
      next += 1
    }
    advance(to: now)
    try checkProxyUsers()

    let ordered = notices.enumerated().sorted {
      ($0.element.date, $0.offset) < ($1.element.date, $1.offset)
    }
    return DemoPersona(
      account: account, situation: replay.entry.situation, proxyUsers: prepared.users.map(\.user),
      proxyUserPasswords: Dictionary(
        prepared.users.map { ($0.user.id, $0.password) }, uniquingKeysWith: { first, _ in first }),
      notices: ordered.map(\.element), events: events, usage: records, trafficPlan: trafficPlan())
  }

  /// The generator's inputs, for the demo clock to go on from now (`DemoTrafficPlan`).
  private func trafficPlan() -> DemoTrafficPlan {
    let entry = replay.entry
    return DemoTrafficPlan(
      accountKey: EmailAddress.normalized(entry.email),
      timeZone: account.profile.timeZone, start: prepared.start, now: now, seed: replay.context.seed,
      users: entry.proxyUsers.enumerated().map { position, user in
        DemoTrafficPlan.User(
          id: prepared.users[position].user.id, name: user.name, product: user.product,
          share: max(0, user.share ?? 1))
      },
      profiles: entry.usage.map {
        DemoTrafficPlan.Profile(
          product: $0.product, gbPerDay: $0.gbPerDay, growthPerYear: $0.growthPerYear, noise: $0.noise)
      },
      scales: scales.sorted { $0.key < $1.key }.map {
        DemoTrafficPlan.Scale(product: $0.key, from: $0.value.from, factor: $0.value.factor)
      })
  }

  // MARK: Billing

  private mutating func refreshDue() {
    nextDue = step.pending(for: account).first?.date
  }

  private mutating func advance(to date: Date) {
    guard let due = nextDue, due <= date else { return }
    let result = step.advance(account, to: date) { DemoReplay.charge($0.paymentMethod) }
    account = result.account
    events += result.events
    notices += result.notices
    refreshDue()
  }

  private func failure(_ action: DemoReplay.TimedAction, _ message: String) -> DemoDataError {
    replay.fail("actions[\(action.position)] (at \(action.entry.at), \(action.verb)): \(message)")
  }

  private func failure(_ action: DemoReplay.TimedAction, _ error: BillingError) -> DemoDataError {
    failure(action, error.message(in: account.calendar))
  }

  private mutating func perform(_ action: DemoReplay.TimedAction) throws(DemoDataError) {
    advance(to: action.date)
    let at = action.date
    let entry = action.entry
    do {
      switch action.verb {
      case "buy":
        let quote = try checkout.quote(
          planID: entry.buy ?? "", for: account, paymentMethod: method, couponCode: entry.coupon,
          now: at)
        try approve(quote.paymentMethod, action)
        take(checkout.apply(quote, to: account, now: at))
      case "buyViaSupport":
        // BTC is arranged by support (R16): priced like any purchase, then recorded as
        // paid in BTC, with no auto-renewal and no coupon.
        guard entry.coupon == nil else { throw failure(action, BillingError.couponNotWithBTC) }
        var quote = try checkout.quote(
          planID: entry.buyViaSupport ?? "", for: account,
          paymentMethod: .payPal(email: Support.email), couponCode: nil, now: at)
        quote.paymentMethod = .btc
        quote.autoRenew = false
        take(checkout.apply(quote, to: account, now: at))
      case "extraGB":
        let id = try subscriptionID(for: action)
        let quote = try checkout.quoteExtraTraffic(
          gigabytes: entry.extraGB ?? 0, subscriptionID: id, for: account)
        try approve(quote.paymentMethod, action)
        take(try checkout.apply(quote, to: account, now: at))
      case "buyProxyUsers":
        let id = try subscriptionID(for: action)
        let quote = try checkout.quoteProxyUsers(
          count: entry.buyProxyUsers ?? 0, subscriptionID: id, for: account)
        try approve(quote.paymentMethod, action)
        take(try checkout.apply(quote, to: account, now: at))
      case "cancel":
        let id = try subscriptionID(for: action)
        let planName = planName(of: id)
        let result = try Cancellation.cancel(id, in: account, planName: planName, now: at)
        account = result.account
        notices += result.notices
      case "refund":
        let id = try subscriptionID(for: action)
        let result = try Refunds.request(
          for: id, in: account, catalog: catalog, policy: policy, now: at)
        account = result.account
        notices += result.notices
      case "changePaymentMethod":
        try changePaymentMethod(action)
      default:
        throw failure(action, "unknown action")
      }
    } catch let error as BillingError {
      throw failure(action, error)
    } catch let error as DemoDataError {
      throw error
    } catch {
      throw failure(action, "\(error)")
    }
    refreshDue()
  }

  private func approve(_ method: PaymentMethod, _ action: DemoReplay.TimedAction)
    throws(DemoDataError)
  {
    if case .declined = DemoReplay.charge(method) {
      throw failure(
        action, "the payment with \(method.summary) is declined (its token ends in 0002)")
    }
  }

  private mutating func take(_ outcome: PurchaseOutcome) {
    account = outcome.account
    notices += outcome.notices
  }

  private func planName(of subscriptionID: String) -> String {
    account.subscription(id: subscriptionID).flatMap { catalog.plan(id: $0.planID)?.name }
      ?? subscriptionID
  }

  /// The live subscription an action is for: of its `product`, or the only live one.
  private func subscriptionID(for action: DemoReplay.TimedAction) throws(DemoDataError) -> String {
    let live = account.subscriptions.filter { $0.state.isLive }
    if let product = action.entry.product {
      guard let subscription = account.liveSubscription(of: product) else {
        throw failure(action, "there is no live \(product.rawValue) subscription at that time")
      }
      return subscription.id
    }
    guard live.count == 1 else {
      throw failure(
        action,
        live.isEmpty
          ? "there is no live subscription at that time"
          : "the account has two subscriptions: add \"product\"")
    }
    return live[0].id
  }

  /// R16a: the new method applies to the live subscriptions (or one product's) and to
  /// later purchases; a past-due subscription retries at once.
  private mutating func changePaymentMethod(_ action: DemoReplay.TimedAction) throws(DemoDataError) {
    guard let methodEntry = action.entry.changePaymentMethod else { return }
    let newMethod: PaymentMethod
    switch methodEntry.paymentMethod() {
    case .success(let value): newMethod = value
    case .failure(let problem): throw failure(action, problem.message)
    }
    guard newMethod.kind != .btc else {
      throw failure(action, "BTC is arranged by support: use buyViaSupport")
    }
    method = newMethod
    let at = action.date
    for subscription in account.subscriptions
    where subscription.state.isLive
      && (action.entry.product ?? subscription.product) == subscription.product
      && subscription.paymentMethod.kind != .btc
    {
      var updated = subscription
      updated.paymentMethod = newMethod
      if let index = account.subscriptions.firstIndex(where: { $0.id == updated.id }) {
        account.subscriptions[index] = updated
      }
      notices.append(
        Notice(
          kind: .paymentMethodUpdated, date: at,
          subject: "Payment method updated for your \(planName(of: updated.id)) plan",
          body: """
            From now on your \(planName(of: updated.id)) plan is paid with \(newMethod.summary).
            If you did not make this change, write to \(Support.email).
            """, subscriptionID: updated.id))
      if updated.state == .pastDue {
        let item = DueItem(date: at, kind: .retryNow(subscriptionID: updated.id))
        let outcome = step.chargeRequest(for: item, in: account).map {
          DemoReplay.charge($0.paymentMethod)
        }
        let result = step.apply(item, to: account, charge: outcome)
        account = result.account
        events += result.events
        notices += result.notices
      }
    }
  }

  // MARK: Traffic

  /// Feeds hour `hour`'s traffic into each product's live subscription while it serves
  /// traffic (R8a), keeping proxy users within their limits and the subscription within
  /// what it has available, and sends the 80 % / 100 % warnings as they are crossed.
  private mutating func feed(hour: Int, at start: Date) {
    for product in Product.allCases {
      guard
        let index = account.subscriptions.lastIndex(where: {
          $0.product == product && $0.state.isLive
        }),
        account.subscriptions[index].servesTraffic
      else { continue }
      var subscription = account.subscriptions[index]
      var parts: [(user: String, bytes: Int64)] = []
      for (position, prepared) in prepared.users.enumerated()
      where prepared.user.product == product && prepared.since <= start {
        var bytes = self.prepared.raw[position][hour]
        if let scale = scales[product], start >= scale.from {
          bytes = Int64((Double(bytes) * scale.factor).rounded())
        }
        if let limit = prepared.user.limit {
          let used =
            userUse[prepared.user.id].flatMap {
              $0.period == subscription.periodStart ? $0.bytes : nil
            } ?? 0
          bytes = min(bytes, max(0, limit.bytes - used))
        }
        if bytes > 0 { parts.append((prepared.user.id, bytes)) }
      }
      var total = parts.reduce(Int64(0)) { $0 + $1.bytes }
      let room = subscription.remaining.bytes
      if total > room {
        // Exhausted within this hour: the proxies served only what was left.
        let scale = Double(room) / Double(total)
        for i in parts.indices {
          parts[i].bytes = Int64((Double(parts[i].bytes) * scale).rounded(.down))
        }
        let short = room - parts.reduce(Int64(0)) { $0 + $1.bytes }
        if let last = parts.indices.last { parts[last].bytes += short }
        total = room
      }
      guard total > 0 else { continue }
      for part in parts where part.bytes > 0 {
        // Appended in place: copying the list every hour made loading quadratic.
        records[product, default: []].append(
          UsageRecord(proxyUser: part.user, hour: start, bytes: part.bytes))
        let previous =
          userUse[part.user].flatMap { $0.period == subscription.periodStart ? $0.bytes : nil } ?? 0
        userUse[part.user] = (subscription.periodStart, previous + part.bytes)
      }
      let planName = catalog.plan(id: subscription.planID)?.name ?? subscription.planID
      let warned = TrafficWarnings.record(
        Traffic(bytes: total), on: subscription, planName: planName, policy: policy,
        at: min(start.addingTimeInterval(3600), now))
      subscription = warned.0
      account.subscriptions[index] = subscription
      notices += warned.1
    }
  }

  /// The persona's proxy users must fit what its live subscriptions allow (R25).
  private func checkProxyUsers() throws(DemoDataError) {
    for product in Product.allCases {
      guard let subscription = account.liveSubscription(of: product) else { continue }
      let count = prepared.users.filter { $0.user.product == product }.count
      let limit = ProxyUserAllowance.limit(for: subscription, catalog: catalog)
      guard count <= limit else {
        throw replay.fail(
          "proxyUsers: \(count) \(product.rawValue) users, but the plan allows \(limit) (buy more with buyProxyUsers)"
        )
      }
    }
  }
}
