//! tests/testbed/proxy.py in front of a test server: delay, rate cap, dropped connections and
//! injected error answers, for the robustness tests.

use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Proxy {
    child: Child,
    pub port: u16,
}

impl Proxy {
    /// A proxy to 127.0.0.1:`upstream` with the given proxy.py options (no delay or rate cap
    /// unless given).
    pub fn start(upstream: u16, options: &[&str]) -> Proxy {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new("python3")
            .arg(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/testbed/proxy.py"
            ))
            .args(["--port", &port.to_string()])
            .args(["--upstream", &format!("127.0.0.1:{upstream}")])
            .args(["--delay-ms", "0", "--rate", "0"])
            .args(options)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 runs the proxy");
        let start = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "the proxy did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Proxy { child, port }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// {"requests", "dropped", "failed"} so far.
    pub fn stats(&self) -> serde_json::Value {
        self.control("stats")
    }

    /// Every request so far, as "METHOD PATH[ Action]".
    pub fn log(&self) -> Vec<String> {
        self.control("log")
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect()
    }

    fn control(&self, what: &str) -> serde_json::Value {
        let out = Command::new("curl")
            .args(["-s", &format!("{}/_proxy/{what}", self.url())])
            .output()
            .expect("curl runs");
        serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null)
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
