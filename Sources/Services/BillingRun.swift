import Billing
import Foundation
import Storage

/// What one `proxydash billing run` did (R28); DESIGN.md's `--json` fields.
public struct BillingRunSummary: Sendable, Equatable, Codable {
  /// Accounts this runner brought up to date (claimed and processed).
  public var accounts = 0
  /// Renewals and retries paid.
  public var renewed = 0
  /// Renewals and retries declined.
  public var declined = 0
  public var reminders = 0
  /// Subscriptions that ended (period end of a cancelled one, last retry failed).
  public var ended = 0
  public var refundsCompleted = 0
  /// Accounts left for a later run because a purchase was being paid on them.
  public var deferred = 0
  /// Money taken by this run's payments, in minor units.
  public var chargedCents: Int64 = 0
  /// Accounts that could not be brought up to date, with why.
  public var failed: [Failure] = []

  public struct Failure: Sendable, Equatable, Codable {
    public var accountID: String
    public var reason: String
  }

  public init() {}

  mutating func count(_ events: [BillingEvent]) {
    for event in events {
      switch event.kind {
      case .renewed, .retrySucceeded: renewed += 1
      case .renewalFailed, .retryFailed: declined += 1
      case .reminderSent: reminders += 1
      case .ended: ended += 1
      case .refundCompleted: refundsCompleted += 1
      }
    }
  }
}

/// How a billing run claims accounts: who it is, how long its lease lasts, which clock
/// the lease is read on (real time even when `--now` moves the billing clock).
public struct BillingRunner: Sendable {
  public var name: String
  public var lease: TimeInterval
  public var leaseClock: any Clock
  /// Accounts claimed per transaction: small enough that a second runner finds work.
  public var batchSize: Int

  public init(
    name: String = BillingRunner.defaultName(), lease: TimeInterval = 600,
    leaseClock: any Clock = SystemClock(), batchSize: Int = 50
  ) {
    self.name = name
    self.lease = lease
    self.leaseClock = leaseClock
    self.batchSize = batchSize
  }

  /// host:pid:random, so two runners on one machine never share a lease.
  public static func defaultName() -> String {
    "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier):\(UUID().uuidString.prefix(8))"
  }
}

extension ProxyDashService {
  /// Brings every due account up to the clock's now (R7b, R28): claims due accounts in
  /// small batches, runs each one's billing step (each payment recorded before the
  /// gateway is asked, so a killed run is completed by the next), and releases it with
  /// its next due moment. An account that fails is reported and keeps its lease until
  /// it expires; the others go on. `progress` hears (done, total) after each account.
  public func runBilling(
    queue: (any BillingQueue)? = nil, runner: BillingRunner = BillingRunner(),
    progress: ((Int, Int) -> Void)? = nil
  ) throws(ServiceError) -> BillingRunSummary {
    let queue = queue ?? SQLiteBillingQueue(store: store)
    let now = self.now
    try run { try store.commitWithoutWaitingForTheDisk() }
    var summary = BillingRunSummary()
    let total = try run { try queue.dueCount(at: now) }
    var done = 0
    while true {
      let leaseNow = runner.leaseClock.now
      let claimed = try run {
        try queue.claimDue(
          at: now, runner: runner.name, leaseNow: leaseNow,
          leaseUntil: leaseNow.addingTimeInterval(runner.lease), limit: runner.batchSize)
      }
      if claimed.isEmpty { break }
      for accountID in claimed {
        do {
          try bill(accountID, queue: queue, runner: runner, now: now, into: &summary)
        } catch {
          summary.failed.append(.init(accountID: accountID, reason: error.description))
        }
        done += 1
        progress?(done, max(total, done))
      }
    }
    return summary
  }

  private func bill(
    _ accountID: String, queue: any BillingQueue, runner: BillingRunner, now: Date,
    into summary: inout BillingRunSummary
  ) throws(ServiceError) {
    let stepped = try steppingAccount(accountID, checkIdleFirst: false)
    let after: VersionedAccount
    if let final = stepped.final { after = final } else { after = try readAccount(accountID) }
    summary.chargedCents += stepped.chargedCents
    summary.count(stepped.events)
    let next = policy.nextDueDate(for: after.account)
    if stepped.waitsForPurchase {
      // The customer is paying for something this moment: the account keeps its lease,
      // so this run does not come back to it, and a later run bills it.
      summary.deferred += 1
      return
    }
    if let next, next <= now {
      throw .storeFailed("\(after.account.email): still due at \(next) after its billing step")
    }
    try run {
      try queue.finish(
        accountID: accountID, runner: runner.name, version: after.version, nextDueAt: next)
    }
    summary.accounts += 1
  }

  /// What `proxydash billing status` shows: the next due moments and who is past due.
  public func billingStatus(limit: Int = 20) throws(ServiceError) -> BillingStatus {
    let (upcoming, pastDue): ([StoreSession.DueEntry], [String]) = try run {
      try store.read { (try $0.upcomingDue(limit: limit), try $0.pastDueAccountIDs()) }
    }
    var due: [BillingStatus.Due] = []
    for entry in upcoming {
      let account = try readAccount(entry.accountID).account
      let item = billingStep.pending(for: account).first
      due.append(
        BillingStatus.Due(
          email: account.email, date: item?.date ?? entry.nextDueAt,
          what: item.map { describe($0, in: account) } ?? "check (not computed yet)"))
    }
    var late: [BillingStatus.PastDue] = []
    for id in pastDue {
      let account = try readAccount(id).account
      for subscription in account.subscriptions where subscription.state == .pastDue {
        let amount = billingStep.renewalInvoice(for: subscription, in: account)?.total
        let next = billingStep.pending(for: account).first {
          if case .retry(let sid) = $0.kind { return sid == subscription.id }
          return false
        }
        late.append(
          BillingStatus.PastDue(
            email: account.email, plan: planName(subscription.planID),
            since: subscription.pastDueSince, amount: amount, nextRetry: next?.date))
      }
    }
    return BillingStatus(now: now, due: due, pastDue: late)
  }

  private func describe(_ item: DueItem, in account: Account) -> String {
    func plan(_ id: String) -> String {
      account.subscription(id: id).map { planName($0.planID) } ?? id
    }
    switch item.kind {
    case .reminder(let id): return "renewal reminder, \(plan(id))"
    case .renewal(let id): return "renewal, \(plan(id))"
    case .retry(let id), .retryNow(let id): return "payment retry, \(plan(id))"
    case .periodEnd(let id): return "period end, \(plan(id))"
    case .refundCompletion: return "refund completes"
    }
  }
}

/// The billing queue at a moment: what is due next and who is past due.
public struct BillingStatus: Sendable, Equatable {
  public struct Due: Sendable, Equatable {
    public var email: String
    public var date: Date
    public var what: String
  }

  public struct PastDue: Sendable, Equatable {
    public var email: String
    public var plan: String
    public var since: Date?
    public var amount: Money?
    public var nextRetry: Date?
  }

  public var now: Date
  public var due: [Due]
  public var pastDue: [PastDue]
}
