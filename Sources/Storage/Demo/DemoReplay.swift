import Billing
import Foundation

/// Replays one persona's history through Billing, hour by hour, up to the demo's now:
/// purchases, cancellations and the like at their times, the billing step in between
/// (renewals, reminders, retries, period ends), and traffic fed into whichever
/// subscription serves it, so every notice and every `used` figure comes from the
/// same rules the dashboard runs.
struct DemoReplay {
  struct Context {
    var catalog: Catalog
    var taxRates: TaxRates
    var coupons: CouponBook
    var policy: BillingPolicy
    var now: Date
    var seed: UInt64
  }

  /// Scales one product's records from `from` on, so the current period's `used`
  /// matches what the persona's row in DESIGN.md says.
  struct Scale {
    var from: Date
    var factor: Double
  }

  struct TimedAction {
    var position: Int
    var date: Date
    var entry: ActionEntry
    var verb: String
  }

  struct PreparedUser {
    var user: ProxyUser
    var password: String
    var since: Date
  }

  let entry: PersonaEntry
  let index: Int
  let context: Context

  private var file: String { DemoDataset.File.personas }

  func fail(_ message: String) -> DemoDataError {
    DemoDataError(file: file, message: "personas[\(index)] \(entry.email): \(message)")
  }

  /// Replays once with the generated traffic, then again with the current period
  /// scaled to the persona's target (warnings then fire at the scaled figures).
  func persona() throws(DemoDataError) -> DemoPersona {
    let prepared = try prepare()
    let first = try DemoReplayRun(replay: self, prepared: prepared, scales: [:]).finish()
    var scales: [Product: Scale] = [:]
    for profile in entry.usage {
      guard let target = profile.currentPeriodGB else { continue }
      guard target >= 0,
        let subscription = first.account.visibleSubscriptions.first(where: {
          $0.product == profile.product
        })
      else {
        throw fail(
          "usage \(profile.product.rawValue): currentPeriodGB needs a subscription of that product")
      }
      let raw = (first.usage[profile.product] ?? []).reduce(Int64(0)) {
        $0 + ($1.hour >= subscription.periodStart ? $1.bytes : 0)
      }
      guard raw > 0 else {
        throw fail(
          "usage \(profile.product.rawValue): no traffic in the current period to scale to \(target) GB"
        )
      }
      scales[profile.product] = Scale(
        from: subscription.periodStart, factor: target * Double(Traffic.bytesPerGB) / Double(raw))
    }
    if scales.isEmpty { return first }
    return try DemoReplayRun(replay: self, prepared: prepared, scales: scales).finish()
  }

  /// Everything that does not depend on billing: the account's profile, action times,
  /// proxy users and their raw hourly traffic.
  struct Prepared {
    var account: Account
    var method: PaymentMethod
    var actions: [TimedAction]
    var users: [PreparedUser]
    var start: Date
    var hourCount: Int
    var raw: [[Int64]]
  }

  func prepare() throws(DemoDataError) -> Prepared {
    guard EmailAddress.isWellFormed(entry.email) else {
      throw fail("email is not an email address")
    }
    let zoneID = entry.timeZone ?? "UTC"
    guard let zone = TimeZone(identifier: zoneID) else {
      throw fail("timeZone \"\(zoneID)\" is not an IANA zone such as Europe/Amsterdam")
    }
    guard context.taxRates.country(entry.country) != nil else {
      throw fail("country \"\(entry.country)\" is not in tax-rates.json")
    }
    let method: PaymentMethod
    switch entry.paymentMethod.paymentMethod() {
    case .success(let value): method = value
    case .failure(let problem): throw fail("paymentMethod: \(problem.message)")
    }
    let profile = BillingProfile(
      name: UntrustedText.clean(entry.name), company: UntrustedText.clean(entry.company ?? ""),
      country: entry.country.uppercased(), vatID: entry.vatID.map(UntrustedText.clean),
      timeZone: zone.identifier)
    let calendar = BillingCalendar(timeZone: zone)
    let now = context.now

    var actions: [TimedAction] = []
    for (position, action) in entry.actions.enumerated() {
      guard let verb = action.verb else {
        throw fail(
          "actions[\(position)] (at \(action.at)): give exactly one of buy, buyViaSupport, extraGB, buyProxyUsers, cancel, refund, changePaymentMethod"
        )
      }
      guard let date = DemoTime.moment(action.at, now: now, calendar: calendar) else {
        throw fail(
          "actions[\(position)]: \"at\": \"\(action.at)\" is not a time such as -183d, -12h, -14mo+2d"
        )
      }
      guard date <= now else {
        throw fail("actions[\(position)] (at \(action.at)) is after the demo's now")
      }
      actions.append(TimedAction(position: position, date: date, entry: action, verb: verb))
    }
    actions.sort { ($0.date, $0.position) < ($1.date, $1.position) }
    guard let firstAction = actions.first else {
      throw fail("actions: a persona needs at least one")
    }

    var createdAt = firstAction.date
    if let text = entry.signedUp {
      guard let date = DemoTime.moment(text, now: now, calendar: calendar), date <= firstAction.date
      else { throw fail("signedUp \"\(text)\" must be a time no later than the first action") }
      createdAt = date
    }
    let accountID = entry.id ?? String(entry.email.prefix { $0 != "@" }).lowercased()
    guard !accountID.isEmpty else { throw fail("id must not be empty") }
    let account = Account(
      id: accountID, email: entry.email, profile: profile, createdAt: createdAt)

    var users: [PreparedUser] = []
    var names = Set<String>()
    for (position, userEntry) in entry.proxyUsers.enumerated() {
      guard !userEntry.name.isEmpty, names.insert(userEntry.name).inserted else {
        throw fail("proxyUsers[\(position)]: name is empty or used twice")
      }
      guard !userEntry.password.isEmpty else {
        throw fail("proxyUsers[\(position)]: password is empty")
      }
      let firstPurchase = actions.first { action in
        let planID = action.entry.buy ?? action.entry.buyViaSupport
        return planID.flatMap { context.catalog.plan(id: $0)?.product } == userEntry.product
      }
      var since = firstPurchase?.date ?? createdAt
      if let text = userEntry.since {
        guard let date = DemoTime.moment(text, now: now, calendar: calendar), date <= now else {
          throw fail("proxyUsers[\(position)]: since \"\(text)\" is not a time before now")
        }
        since = date
      }
      var limit: Traffic?
      if let gigabytes = userEntry.limitGB {
        guard gigabytes > 0 else { throw fail("proxyUsers[\(position)]: limitGB must be positive") }
        limit = .gb(fraction: gigabytes)
      }
      let user = ProxyUser(
        id: "\(accountID)-u\(position + 1)", product: userEntry.product, name: userEntry.name,
        limit: limit, createdAt: since)
      users.append(PreparedUser(user: user, password: userEntry.password, since: since))
    }
    for (position, profile) in entry.usage.enumerated() {
      guard profile.gbPerDay >= 0, (profile.growthPerYear ?? 0) > -1 else {
        throw fail("usage[\(position)]: gbPerDay must not be negative, growthPerYear above -1")
      }
    }

    let start = Self.hourStart(createdAt)
    let hourCount = max(0, Int((now.timeIntervalSince(start) / 3600).rounded(.down)))
    let raw = DemoUsageGenerator.generate(
      users: entry.proxyUsers.enumerated().map { position, user in
        DemoUsageGenerator.User(
          id: users[position].user.id, name: user.name, product: user.product,
          share: max(0, user.share ?? 1))
      },
      profiles: entry.usage, start: start, hourCount: hourCount, now: now, timeZone: zone,
      seed: context.seed, accountKey: EmailAddress.normalized(entry.email))
    return Prepared(
      account: account, method: method, actions: actions, users: users, start: start,
      hourCount: hourCount, raw: raw)
  }

  static func hourStart(_ date: Date) -> Date {
    Date(timeIntervalSince1970: (date.timeIntervalSince1970 / 3600).rounded(.down) * 3600)
  }

  /// The demo gateway of R16b: a card whose token ends in 0002 is declined.
  static func charge(_ method: PaymentMethod) -> ChargeOutcome {
    if case .card(let card) = method, card.token.hasSuffix("0002") {
      return .declined(reason: "card declined")
    }
    return .approved
  }
}
