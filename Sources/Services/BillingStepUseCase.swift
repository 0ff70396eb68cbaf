import Billing
import Foundation
import Storage

extension ProxyDashService {
  /// Brings the account up to the clock's now (R7b) and returns what happened. Each due
  /// item is its own transaction (a payment: intent, gateway, outcome), so a process
  /// killed midway loses nothing and the next run goes on where it stopped.
  public func runBillingStep(accountID: String) throws(ServiceError) -> [BillingEvent] {
    try steppingAccount(accountID, checkIdleFirst: true).events
  }

  /// What one account's billing step did: its events, the money its payments took, and
  /// the account as it stands after (nil when nothing was due).
  struct SteppedAccount {
    var events: [BillingEvent] = []
    var chargedCents: Int64 = 0
    var final: VersionedAccount?
    /// A purchase the customer is paying holds a due payment back (see below).
    var waitsForPurchase = false
  }

  /// The billing step of `runBillingStep`. A billing run, which only steps accounts that
  /// are due, skips the idle check and reads the final account from the step's last
  /// transaction, so a renewal loads the account no more often than it must.
  ///
  /// `until` brings the account only up to that moment (the demo clock's traffic is fed
  /// hour by hour between billing events); nil is the clock's now.
  func steppingAccount(_ accountID: String, checkIdleFirst: Bool, until: Date? = nil)
    throws(ServiceError) -> SteppedAccount
  {
    let now = until ?? self.now
    // Most log-ins and clock moves find nothing due: a read answers that without taking
    // the write lock.
    if checkIdleFirst {
      let idle: Bool = try run {
        try store.read { session in
          billingStep.nextDue(for: try load(session, accountID).account, now: now) == nil
        }
      }
      if idle { return SteppedAccount() }
    }
    var stepped = SteppedAccount()
    // Every item moves its subscription or refund past its date; the bound guards
    // against a catalog edit that would make one repeat.
    for _ in 0..<10_000 {
      enum Next {
        case done(VersionedAccount)
        case waitingForPurchase(VersionedAccount)
        case applied([BillingEvent])
        case charge(ChargeRecord)
      }
      let (next, old, new): (Next, Int, Int) = try run {
        try store.write { session in
          let loaded = try load(session, accountID)
          guard let item = billingStep.nextDue(for: loaded.account, now: now) else {
            return (.done(loaded), loaded.version, loaded.version)
          }
          if let request = billingStep.chargeRequest(for: item, in: loaded.account),
            let purpose = ChargePurpose(dueItem: item)
          {
            if let earlier = try session.charge(key: request.orderID) {
              guard earlier.status == .intent else {
                throw ServiceError.storeFailed(
                  "The payment \(request.orderID) was already settled; run the billing step again.")
              }
              return (.charge(earlier), loaded.version, loaded.version)
            }
            // A purchase still open may change what is due: the renewal waits for the
            // next step (the next key press, or the next `billing run`) instead of
            // failing, so a dashboard that reloads never loops on it.
            if try session.openCharge(accountID: accountID, excluding: request.orderID) != nil {
              return (.waitingForPurchase(loaded), loaded.version, loaded.version)
            }
            let intent = try recordIntent(
              session, loaded, key: request.orderID, amount: request.amount,
              method: request.paymentMethod,
              description: request.description, purpose: purpose)
            return (.charge(intent), loaded.version, loaded.version)
          }
          let result = billingStep.apply(item, to: loaded.account, charge: nil)
          let version = try session.saveAccount(result.account, expectedVersion: loaded.version)
          try session.queueNotices(
            result.notices, accountID: accountID, email: loaded.account.email)
          try session.appendEvents(result.events, accountID: accountID)
          return (.applied(result.events), loaded.version, version)
        }
      }
      if old != new { advanceSeen(accountID, from: old, to: new) }
      switch next {
      case .done(let final):
        stepped.final = final
        return stepped
      case .waitingForPurchase(let final):
        stepped.final = final
        stepped.waitsForPurchase = true
        return stepped
      case .applied(let more): stepped.events += more
      case .charge(let intent):
        try run { try fault(.afterIntent) }
        switch try run({ try settle(intent) }) {
        case .stepped(let more):
          stepped.events += more
          stepped.chargedCents += intent.amount.minorUnits
        case .declined(_, let more): stepped.events += more
        case .purchased, .refunded, .settledElsewhere: break
        }
      }
    }
    return stepped
  }

  /// The event ledger of an account, oldest first.
  public func events(accountID: String) throws(ServiceError) -> [BillingEvent] {
    try run { try store.read { try $0.events(accountID: accountID) } }
  }
}
