import Dashboard
import Services

extension Runtime {
  /// The logged-in account's SSH keys as the profile lists them (R30): what identifies
  /// each key to its owner, never the key itself.
  func sshKeyList(accountID: String) throws(ServiceError) -> [SSHKeyInfo] {
    try service.sshKeys(accountID: accountID).map {
      SSHKeyInfo(
        id: $0.id, type: $0.type, fingerprint: $0.fingerprint, comment: $0.comment, addedAt: $0.addedAt,
        lastUsedAt: $0.lastUsedAt)
    }
  }
}
