import Billing
import Foundation
import TerminalUI

/// Everything that can change the dashboard: keys, resizes, and the runtime's answers.
public enum AppEvent: Sendable {
  case key(Key)
  /// Text the terminal marked as pasted (bracketed paste, R32): text for the focused
  /// field, never keys.
  case paste(String)
  case resize(width: Int, height: Int)
  case loggedIn(Snapshot)
  case loggedOut
  case loaded(Snapshot)
  case usage(UsageReport)
  case proxyUserTraffic([Product: [String: Traffic]])
  /// A use case finished: what to tell the customer, and the fresh snapshot.
  case done(message: String, snapshot: Snapshot)
  case purchased(PurchaseOutcome, snapshot: Snapshot)
  case refunded(Refund, snapshot: Snapshot)
  case clockMoved(events: [BillingEvent], snapshot: Snapshot)
  case exported(path: String)
  case invoices([IssuedInvoice])
  /// An invoice export's files, whole paths (text first).
  case invoiceExported(InvoiceNumber, paths: [String])
  case failed(Failure)
  /// The custom usage range typed in its pop-up (R27).
  case rangeChosen(UsageRange)
  /// A product's endpoint, proxy users and IP whitelist, for the proxy access pop-up (R25a).
  case proxyAccess(ProxyAccess)
  /// A proxy user's password asked for with `v`; nil when the store cannot show it (R25a).
  case proxyUserPassword(id: String, password: String?)
  /// A tour caption; nil clears it.
  case caption(String?)
}
