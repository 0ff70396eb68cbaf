import Billing
import Foundation
import TerminalUI

/// How a payment is chosen at checkout or in the payment-method form.
public enum PaymentChoice: Equatable, Sendable {
  case saved(PaymentMethod)
  case entered(PaymentMethodInput)
}

/// Work `update` asks the runtime to do (CRAFT.md: effects are values the services
/// carry out, never performed in `update`).
public enum Effect: Equatable, Sendable {
  case logIn(email: String, password: String)
  case signUp(email: String, password: String, country: String)
  case logOut
  case reload
  case loadUsage(Product, UsageRange)
  /// This period's traffic per proxy user, for the Proxy users screen.
  case loadProxyUserTraffic
  case exportUsage(Product, UsageRange)
  /// The account's invoices, for Billing history (R26a).
  case loadInvoices
  /// Writes the invoice as a text file and an HTML page into the store's exports folder.
  case exportInvoice(InvoiceNumber)
  case buyPlan(planID: String, payment: PaymentChoice, coupon: String?, key: String)
  case buyExtra(subscriptionID: String, extra: ExtraKind, key: String)
  /// R22, with the reason the customer chose, if any.
  case cancel(subscriptionID: String, reason: CancelReason? = nil)
  /// R22a: a cancelled subscription auto-renews again, free.
  case resume(subscriptionID: String)
  case requestRefund(subscriptionID: String)
  case updatePaymentMethod(subscriptionID: String, input: PaymentMethodInput)
  case saveProfile(BillingProfile)
  case changePassword(current: String, new: String)
  case addProxyUser(product: Product, name: String, password: String, limit: Traffic?)
  case changeProxyUserPassword(id: String, password: String)
  case setProxyUserLimit(id: String, limit: Traffic?)
  case removeProxyUser(id: String)
  /// R30: a public key line for the logged-in account, and a removal of one of its keys.
  case addSSHKey(line: String)
  case removeSSHKey(id: Int64)
  /// R25: the customer picks which proxy users serve within the plan's count.
  case swapPausedProxyUser(id: String)
  /// R25a: what the proxy access pop-up shows; each answers with the fresh `ProxyAccess`.
  case loadProxyAccess(Product)
  case whitelist(product: Product, address: String)
  /// R25a: one proxy user's password, read only when `v` asks for it.
  case loadProxyUserPassword(id: String)
  case removeFromWhitelist(product: Product, address: WhitelistAddress)
  case markRead(messageID: String)
  case advanceClock(days: Int)
  case jumpToNextBillingEvent
  case resetDemo
  case switchPersona(email: String)
  case quit
}

/// An extra bought for an existing subscription.
public enum ExtraKind: Hashable, Sendable {
  case traffic(gigabytes: Int)
  case proxyUsers(count: Int)
}
