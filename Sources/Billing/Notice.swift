import Foundation

/// The kinds of email of R26.
public enum NoticeKind: String, Codable, Hashable, Sendable, CaseIterable {
  case orderReceipt
  case renewalReminder
  case renewalReceipt
  case paymentFailed
  case subscriptionEnded
  case cancellationConfirmed
  /// A cancelled subscription auto-renews again (R22a).
  case subscriptionResumed
  case refundRequested
  case refundApproved
  case refundCompleted
  case trafficWarning
  case trafficExhausted
  case supportRequest
  case welcome
  case passwordChanged
  case paymentMethodUpdated
  /// A payment went back because the account changed while paying (R33).
  case paymentReturned
}

/// An email billing decided to send; the store writes it as an RFC 5322 message.
public struct Notice: Codable, Hashable, Sendable {
  public var kind: NoticeKind
  public var date: Date
  public var subject: String
  public var body: String
  public var subscriptionID: String?

  public init(
    kind: NoticeKind, date: Date, subject: String, body: String, subscriptionID: String? = nil
  ) {
    self.kind = kind
    self.date = date
    self.subject = subject
    self.body = body
    self.subscriptionID = subscriptionID
  }
}

/// Where support is reached, for BTC and for every "contact us".
public enum Support {
  public static let email = "support@proxydash.example"
}
