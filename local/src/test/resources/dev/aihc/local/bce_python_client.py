"""A client of the local engine that signs and sends as bce-sdk-python does.

The signing is that of baidubce/auth/bce_v1_signer.py and the sending that of
baidubce/http/bce_http_client.py (github.com/baidubce/bce-sdk-python): the default header set
(host, content-length, content-type, content-md5 and every x-bce-*) with an empty signedHeaders
field, Host with the port, x-bce-date set, Content-Length always sent. Standard library only.

Usage: bce_python_client.py PORT AK SK ACTION BODY_JSON; prints the status and the answer.
"""
import datetime
import hashlib
import hmac
import http.client
import sys
import urllib.parse


def uri_encode(text):
    return urllib.parse.quote(text, safe="-_.~")


def sign(ak, sk, method, path, query, headers, timestamp, expiration=1800):
    prefix = "bce-auth-v1/%s/%s/%d" % (ak, timestamp, expiration)
    signing_key = hmac.new(sk.encode(), prefix.encode(), hashlib.sha256).hexdigest()
    canonical_query = "&".join(sorted("%s=%s" % (uri_encode(k), uri_encode(v)) for k, v in query.items()))
    signed = {}
    for name, value in headers.items():
        n = name.strip().lower()
        if n in ("host", "content-length", "content-type", "content-md5") or n.startswith("x-bce-"):
            if str(value).strip():
                signed[n] = str(value).strip()
    canonical_headers = "\n".join(sorted("%s:%s" % (uri_encode(n), uri_encode(v)) for n, v in signed.items()))
    canonical = "\n".join([method, uri_encode(path).replace("%2F", "/"), canonical_query, canonical_headers])
    signature = hmac.new(signing_key.encode(), canonical.encode(), hashlib.sha256).hexdigest()
    return "%s//%s" % (prefix, signature)


def main():
    port, ak, sk, action, body = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5].encode()
    query = {"action": action, "resourcePoolId": "local", "queueID": "default"}
    timestamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    headers = {"Host": "127.0.0.1:%d" % port, "Content-Type": "application/json", "Content-Length": str(len(body)),
               "x-bce-date": timestamp, "X-API-Version": "v2", "User-Agent": "bce-sdk-python/0.9.x"}
    headers["Authorization"] = sign(ak, sk, "POST", "/", query, headers, timestamp)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.putrequest("POST", "/?" + urllib.parse.urlencode(query), skip_host=True, skip_accept_encoding=True)
    for name, value in headers.items():
        conn.putheader(name, value)
    conn.endheaders()
    conn.send(body)
    answer = conn.getresponse()
    print(answer.status)
    print(answer.read().decode())


main()
