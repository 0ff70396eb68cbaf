import Billing
import Foundation
import Storage

// Notifications (R26): the outbox of real `.eml` files, newest first.
extension ProxyDashService {
  public func outbox(accountID: String) throws(ServiceError) -> [OutboxMessage] {
    try requireAccount(accountID)
    return try run { try store.read { try $0.outbox(accountID: accountID) } }
  }

  public func markRead(accountID: String, messageID: String) throws(ServiceError) {
    try run { try store.write { try $0.markRead(messageID: messageID, accountID: accountID) } }
  }

  /// The `.eml` file of a message, for "open in mail client" and tests.
  public func messageFile(_ message: OutboxMessage) -> URL {
    store.directory.appendingPathComponent(message.file)
  }
}
