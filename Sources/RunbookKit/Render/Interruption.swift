import Foundation

/// What the command does when it is told to stop (SIGINT, SIGTERM, SIGHUP): every external
/// program of the run is killed with its process group, and the runbooks are left whole,
/// either as they were before the run or all as the run wrote them, never a mix.
public enum Interruption {
    /// Held while a set of runbooks is written into a folder.
    static let writes = NSLock()

    /// Waits until no set of runbooks is being written, lets none start from then on, and
    /// kills every external program still running and every one its grandchildren started.
    /// Call it from the handler of a signal, then exit: it never returns the lock.
    public static func stop() {
        writes.lock()
        ExternalTool.stopAll()
    }
}
