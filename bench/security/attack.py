#!/usr/bin/env python3
"""Issue 12's attacks against the real app (Release build, Kestrel, a throwaway SQLite database).

1. Body flood: 32 concurrent anonymous POST /api/v1/auth/login with a 28 MB JSON body each.
   Prints the app's RSS when idle, at its peak during the flood and after it, as a ratio to idle.
2. Login timing: median time of a refused login for an unknown user, a locked user, a deactivated user and a wrong
   password (same work: one password hash each), as ratios to the wrong-password median.

    dotnet build -c Release Crm.slnx
    python3 bench/security/attack.py [--port 56110] [--samples 25]
"""
import argparse, http.client, json, os, shutil, socket, statistics, subprocess, sys, tempfile, threading, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DLL = os.path.join(ROOT, "src", "Crm.Web", "bin", "Release", "net10.0", "Crm.Web.dll")
ADMIN_PASSWORD = "Admin#Bench2026"


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def request(port, method, path, body=None, token=None, timeout=60):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    data = json.dumps(body).encode() if isinstance(body, dict) else body
    conn.request(method, path, body=data, headers=headers)
    response = conn.getresponse()
    payload = response.read()
    conn.close()
    return response.status, payload


def flood_one(port, size, results):
    """Sends the headers and as much of the body as the server takes; the server should answer 413 at once."""
    head = b'{"username":"'
    chunk = b"a" * (1024 * 1024)
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    try:
        sock.sendall(b"POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                     + f"Content-Length: {size}\r\n\r\n".encode() + head)
        sent = len(head)
        while sent < size:
            try:
                sock.sendall(chunk[: min(len(chunk), size - sent)])
            except OSError:
                break
            sent += len(chunk)
        reply = sock.recv(200).decode(errors="replace")
        results.append(reply.split("\r\n", 1)[0])
    except OSError as error:
        results.append(f"connection closed by the server ({error.__class__.__name__})")
    finally:
        sock.close()


def body_flood(port, pid):
    time.sleep(2)
    idle = rss_mb(pid)
    results, peak = [], idle
    threads = [threading.Thread(target=flood_one, args=(port, 28 * 1024 * 1024, results)) for _ in range(32)]
    for t in threads:
        t.start()
    while any(t.is_alive() for t in threads):
        peak = max(peak, rss_mb(pid))
        time.sleep(0.05)
    time.sleep(3)
    after = rss_mb(pid)
    print("## Body flood: 32 × 28 MB anonymous logins")
    print(f"answers: {sorted(set(results))}")
    print(f"| RSS | MB | × idle |\n|---|---|---|\n| idle | {idle:.0f} | 1.00 |\n| peak | {peak:.0f} | {peak / idle:.2f} |"
          f"\n| after | {after:.0f} | {after / idle:.2f} |")
    print(f"growth after the flood: {after - idle:+.0f} MB (target: within +100 MB)\n")


def login_timing(port, samples):
    _, body = request(port, "POST", "/api/v1/auth/login", {"username": "admin", "password": ADMIN_PASSWORD})
    token = json.loads(body)["access_token"]
    users = {}
    for name in ("locked", "deactivated", "wrong"):
        username = f"bench_{name}"
        request(port, "POST", "/api/v1/users", {"username": username, "role": "sales", "password": "Bench#2026pw"}, token)
        users[name] = username
    _, body = request(port, "GET", "/api/v1/users", token=token)
    ids = {u["username"]: u["id"] for u in json.loads(body)}
    request(port, "PUT", f"/api/v1/users/{ids['bench_deactivated']}", {"is_active": False}, token)
    for _ in range(5):
        request(port, "POST", "/api/v1/auth/login", {"username": "bench_locked", "password": "wrong-guess"})
    cases = {
        "wrong password": ("bench_wrong", "wrong-guess"),
        "unknown user": ("bench_nobody", "wrong-guess"),
        "locked": ("bench_locked", "Bench#2026pw"),
        "deactivated": ("bench_deactivated", "Bench#2026pw"),
    }
    times = {name: [] for name in cases}
    for _ in range(samples):  # interleaved, so a slow moment hits every case alike
        for name, (username, password) in cases.items():
            if name == "wrong password":
                # Keep the wrong-password user below the lockout: a right login resets the count.
                request(port, "POST", "/api/v1/auth/login", {"username": username, "password": "Bench#2026pw"})
            start = time.perf_counter()
            status, _ = request(port, "POST", "/api/v1/auth/login", {"username": username, "password": password})
            times[name].append(time.perf_counter() - start)
            assert status == 401, (name, status)
    base = statistics.median(times["wrong password"])
    print(f"## Refused logins: median of {samples} each")
    print("| case | median ms | × wrong password |\n|---|---|---|")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"| {name} | {median * 1000:.1f} | {median / base:.2f} |")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=56110)
    parser.add_argument("--samples", type=int, default=25)
    args = parser.parse_args()
    data = tempfile.mkdtemp(prefix="crm-attack-")
    env = dict(os.environ, ConnectionStrings__Crm=f"Data Source={data}/crm.db", Database__Provider="Sqlite",
               Admin__Password=ADMIN_PASSWORD, ASPNETCORE_ENVIRONMENT="Production", Logging__LogLevel__Default="Warning",
               Crm__LoginLimits__PerIpPerMinute="1000000", Crm__LoginLimits__PerAccountPerMinute="1000000")
    app = subprocess.Popen(["dotnet", DLL, "--urls", f"http://127.0.0.1:{args.port}"], env=env, cwd=data,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(240):
            try:
                if request(args.port, "GET", "/healthz", timeout=2)[0] == 200:
                    break
            except OSError:
                time.sleep(0.25)
        body_flood(args.port, app.pid)
        login_timing(args.port, args.samples)
    finally:
        app.terminate()
        app.wait()
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
