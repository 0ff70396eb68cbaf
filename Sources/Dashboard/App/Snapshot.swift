import Billing
import Foundation
import TerminalUI

/// What the screens show of the store at one moment: loaded by the runtime after each
/// change, so screens never reach into the store (CRAFT.md).
public struct Snapshot: Hashable, Sendable {
  public var account: Account
  public var catalog: Catalog
  public var taxRates: TaxRates
  public var coupons: CouponBook
  public var policy: BillingPolicy
  public var now: Date
  public var outbox: [OutboxMessage]
  public var proxyUsers: [ProxyUser]
  /// This period's traffic per proxy user id, by product.
  public var proxyUserTraffic: [Product: [String: Traffic]]
  /// Payments refunded because the account changed while paying (R33), for billing history.
  public var returnedPayments: [ReturnedPayment]
  /// The keys that open this account over SSH (R30), for Profile → SSH keys.
  public var sshKeys: [SSHKeyInfo]

  public init(
    account: Account, catalog: Catalog, taxRates: TaxRates, coupons: CouponBook,
    policy: BillingPolicy, now: Date, outbox: [OutboxMessage] = [], proxyUsers: [ProxyUser] = [],
    proxyUserTraffic: [Product: [String: Traffic]] = [:], returnedPayments: [ReturnedPayment] = [],
    sshKeys: [SSHKeyInfo] = []
  ) {
    self.account = account
    self.catalog = catalog
    self.taxRates = taxRates
    self.coupons = coupons
    self.policy = policy
    self.now = now
    self.outbox = outbox
    self.proxyUsers = proxyUsers
    self.proxyUserTraffic = proxyUserTraffic
    self.returnedPayments = returnedPayments
    self.sshKeys = sshKeys
  }

  public var calendar: BillingCalendar { account.calendar }

  public var checkout: Checkout {
    Checkout(catalog: catalog, coupons: coupons, taxRates: taxRates, policy: policy)
  }

  public func planName(_ subscription: Subscription) -> String {
    catalog.plan(id: subscription.planID)?.name ?? subscription.planID
  }

  public var unreadCount: Int { outbox.filter { !$0.read }.count }
}
