import Billing
import Foundation

// The errors every use case throws; the dashboard's runtime turns them into its own
// `Failure` values.

/// Why a use case refused, in words a customer can act on.
public enum ServiceError: Error, Equatable, Sendable, CustomStringConvertible {
  case billing(BillingError)
  case invalidEmail(String)
  case emailTaken(String)
  case weakPassword(String)
  case wrongCredentials
  case lockedUntil(Date)
  case wrongCurrentPassword
  /// A proxy user of that name already exists for the product.
  case proxyUserNameTaken(String)
  case unknownAccount(String)
  case invalidInput(String)
  case cardRejected(CardEntryRejection)
  case changedElsewhere
  /// The account changed between the quote the customer confirmed and the payment:
  /// nothing was charged (R33).
  case quoteChanged
  /// Another payment of the account is still open: nothing was charged.
  case paymentInProgress
  /// The gateway's answer for this payment is unknown: nothing is recorded as paid, and
  /// the payment is asked about again (same key) when a ProxyDash next opens the store.
  case paymentUnconfirmed(String)
  /// The payment went through but the change could no longer be made: its money goes
  /// back (R33). `settled` is false while the gateway has not confirmed the refund.
  case paymentReturned(ReturnedPayment, settled: Bool)
  case storeBusy(String)
  case storeUnreadable(path: String, reason: String)
  case storeTooNew(path: String)
  case storeFailed(String)

  public var description: String {
    switch self {
    case .billing(let error): error.description
    case .invalidEmail(let text): "\"\(text)\" is not an email address."
    case .emailTaken(let email): "An account with \(email) already exists: log in instead."
    case .weakPassword(let rule): rule
    case .wrongCredentials: "Wrong email or password."
    case .lockedUntil(let date):
      "Too many failed log-ins: the account is locked until \(BillingCalendar.utc.dateTimeText(date))."
    case .wrongCurrentPassword: "The current password is wrong."
    case .proxyUserNameTaken(let message): message
    case .unknownAccount(let email): "There is no account \(email)."
    case .invalidInput(let message): message
    case .cardRejected(let rejection):
      rejection.problems.sorted { $0.key.rawValue < $1.key.rawValue }.map(\.value).joined(
        separator: " ")
    case .changedElsewhere: "This account was changed elsewhere; the screen has been reloaded."
    case .quoteChanged:
      "Your account changed since this price was shown (another window, or a renewal). Nothing was charged: please review the new price and confirm again."
    case .paymentInProgress:
      "Another payment on this account is still being processed. Nothing was charged: please review and try again in a moment."
    case .paymentUnconfirmed(let key):
      "The payment gateway did not confirm the payment \(key). Nothing is recorded as paid; ProxyDash asks the gateway again when it next opens."
    case .paymentReturned(let payment, let settled):
      "Your account changed while you were paying, so \"\(payment.item)\" could not be applied. The \(payment.amount) charged \(settled ? "has been" : "is being") refunded to \(payment.paymentMethod.summary); please review and try again."
    case .storeBusy(let path):
      "The store at \(path) is busy (another ProxyDash is writing); try again."
    case .storeUnreadable(let path, let reason): "Cannot open the store \(path): \(reason)"
    case .storeTooNew(let path):
      "The store \(path) was written by a newer ProxyDash; update ProxyDash to open it."
    case .storeFailed(let message): message
    }
  }
}
