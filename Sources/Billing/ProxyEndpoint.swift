/// Where a product's proxies are reached (R25a): catalog data, so a provider moves a
/// host or a port range by importing a file, not by a new build.
public struct ProxyEndpoint: Codable, Hashable, Sendable {
  public var product: Product
  public var host: String
  /// One port that gives a new exit IP per request.
  public var rotatingPort: Int
  /// Ports that keep one exit IP per port for a while (sticky sessions).
  public var stickyPorts: ClosedRange<Int>

  public init(product: Product, host: String, rotatingPort: Int, stickyPorts: ClosedRange<Int>) {
    self.product = product
    self.host = host
    self.rotatingPort = rotatingPort
    self.stickyPorts = stickyPorts
  }
}
