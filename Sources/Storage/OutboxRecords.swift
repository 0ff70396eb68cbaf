import Billing
import Foundation
import GRDB

/// The outbox (R26): each notice becomes a real `.eml` file in `outbox/`, indexed in the
/// same transaction as the change that caused it. The file is written first (atomically:
/// temporary name, then rename) and deleted again if the transaction does not commit; a
/// file left by a killed process without its index row is removed on the next open.
extension StoreSession {
  public static let sender = "ProxyDash Billing <billing@proxydash.example>"
  static let senderMailbox = Mailbox(
    constant: "billing@proxydash.example", displayName: "ProxyDash Billing")

  /// Writes `notices` for the account and indexes them; returns the indexed messages.
  @discardableResult
  public func queueNotices(_ notices: [Notice], accountID: String, email: String) throws
    -> [OutboxMessage]
  {
    var messages: [OutboxMessage] = []
    guard !notices.isEmpty else { return messages }
    guard let recipient = Mailbox(email) else {
      throw StoreError.failed(
        "Cannot write an email to \"\(email)\": it is not one email address. Correct the account's email.")
    }
    let storeID = try storeID()
    for notice in notices {
      var sequence =
        (try scalarInt("SELECT MAX(sequence) FROM outbox WHERE account_id = ?", [accountID]) ?? 0)
        + 1
      while try scalarInt("SELECT 1 FROM outbox WHERE id = ?", ["\(accountID)-m\(sequence)"]) != nil {
        sequence += 1
      }
      let id = "\(accountID)-m\(sequence)"
      let file = "\(Store.outboxFolderName)/\(Self.fileSafe(id)).eml"
      // The id alone repeats across stores (every demo store has its `ava-m1`): the
      // store's own random id makes the Message-ID unique to this store.
      var mail = MailMessage(
        from: Self.senderMailbox, to: recipient, date: notice.date, subject: notice.subject,
        messageID: "\(Self.fileSafe(id)).\(storeID)@proxydash.example", body: notice.body)
      mail.extraHeaders = [("X-ProxyDash-Kind", notice.kind.rawValue)]
      try writeAtomically(mail.rendered, to: store.directory.appendingPathComponent(file))
      try execute(
        """
        INSERT INTO outbox(id, account_id, sequence, kind, date, sender, recipient, subject, body,
                           subscription_id, file, read)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)
        """,
        [
          id, accountID, sequence, notice.kind.rawValue, Instant.value(notice.date), Self.sender,
          email,
          notice.subject, notice.body, notice.subscriptionID, file,
        ])
      messages.append(
        OutboxMessage(
          id: id, kind: notice.kind, date: notice.date, from: Self.sender, to: email,
          subject: notice.subject, body: notice.body, read: false, file: file))
    }
    return messages
  }

  /// The account's messages, newest first.
  public func outbox(accountID: String) throws -> [OutboxMessage] {
    try rows(
      "SELECT * FROM outbox WHERE account_id = ? ORDER BY date DESC, sequence DESC", [accountID]
    ).map { row in
      OutboxMessage(
        id: try row.decode(String.self, forColumn: "id"),
        kind: try enumValue(NoticeKind.self, row, "kind"),
        date: try Instant.date(row, "date"),
        from: try row.decode(String.self, forColumn: "sender"),
        to: try row.decode(String.self, forColumn: "recipient"),
        subject: try row.decode(String.self, forColumn: "subject"),
        body: try row.decode(String.self, forColumn: "body"),
        read: try row.decode(Bool.self, forColumn: "read"),
        file: try row.decode(String.self, forColumn: "file"))
    }
  }

  public func markRead(messageID: String, accountID: String) throws {
    try execute(
      "UPDATE outbox SET read = 1 WHERE id = ? AND account_id = ?", [messageID, accountID])
    guard changesCount == 1 else { throw StoreError.conflict("There is no message \(messageID).") }
  }

  private func writeAtomically(_ data: Data, to url: URL) throws {
    try StoreFolder.writePrivateFile(data, to: url)
    recordWrittenFile(url)
  }

  static func fileSafe(_ id: String) -> String {
    String(id.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." ? $0 : "_" })
  }
}

extension Store {
  /// Deletes message files that no index row names (left by a killed process), and
  /// temporary files a killed write left. Only names ProxyDash itself writes, only
  /// regular files directly in `outbox/`, never through a link (R31): anything else
  /// someone put there stays.
  func removeOrphanMessages() {
    guard StoreFolder.kind(at: outboxURL.path) == .directory,
      let names = try? FileManager.default.contentsOfDirectory(atPath: outboxURL.path)
    else { return }
    guard
      let indexed = try? read({ session in
        Set(
          try session.rows("SELECT file FROM outbox").map {
            try $0.decode(String.self, forColumn: "file")
          })
      })
    else { return }
    for name in names where !indexed.contains("\(Self.outboxFolderName)/\(name)") {
      guard Self.isMessageFileName(name) || StoreFolder.isTemporaryName(name) else { continue }
      let path = outboxURL.appendingPathComponent(name).path
      if StoreFolder.kind(at: path) == .regularFile { unlink(path) }
    }
  }

  /// `ACCOUNT-mSEQUENCE.eml` made file-safe, as `queueNotices` names its files.
  static func isMessageFileName(_ name: String) -> Bool {
    guard name.hasSuffix(".eml"), !name.hasPrefix(".") else { return false }
    let stem = name.dropLast(4)
    guard StoreSession.fileSafe(String(stem)) == stem,
      let marker = stem.range(of: "-m", options: .backwards)
    else { return false }
    let sequence = stem[marker.upperBound...]
    return marker.lowerBound > stem.startIndex && !sequence.isEmpty
      && sequence.allSatisfy { $0.isASCII && $0.isNumber }
  }
}
