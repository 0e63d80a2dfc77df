/*
 * virtnet native addon: the few kernel calls Node.js cannot make, and the
 * small-file I/O it makes too slowly for a handler (see "Small files").
 *
 * Theory of operation
 * -------------------
 * A network namespace belongs to a thread. Every function here works in the
 * network namespace of the *calling thread at the moment of the call*: the tun
 * device is created in the namespace of whoever opens /dev/net/tun, a socket
 * belongs to the namespace it was created in, and interface names resolve in
 * the current namespace. The JavaScript side (src/drivers/netns.ts) enters a
 * namespace with setns(), calls one of these synchronously, and returns.
 *
 * Nothing here blocks. Taps and UDP sockets keep no state: every fd opened
 * for a tap is closed before returning, and a UDP socket fd is handed to the
 * caller (dgram takes it with bind({ fd })). A netlink request is answered
 * within the call that sends it (see "rtnetlink transport" below). The one stateful object is the
 * ICMPv6 raw socket (see "ICMPv6 raw socket" below), which Node cannot adopt
 * and which is therefore polled here, on the calling thread's event loop.
 *
 * Errors: a failed system call throws an Error whose message says what failed
 * and on what (`failed to create tap "tap0": Operation not permitted`) and
 * which carries `errno` (positive number), `code` ("EPERM") and `syscall`.
 * Bad arguments throw a TypeError with code ERR_INVALID_ARG_TYPE or
 * ERR_INVALID_ARG_VALUE. No path aborts the process.
 */
#define _GNU_SOURCE
#define NAPI_VERSION 8

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <linux/netlink.h>
#include <linux/nsfs.h>
#include <math.h>
#include <net/if.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <poll.h>
#include <node_api.h>
#include <sched.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <unistd.h>
#include <uv.h>

/* MAX_TAP_QUEUES in drivers/net/tun.c (DEFAULT_MAX_NUM_RSS_QUEUES * 32 = 256). */
#define MAX_TAP_QUEUES 256
#define MSG_LEN 512
/* Longest textual IPv6 address plus "%" and an interface name. */
#define ADDR_LEN (INET6_ADDRSTRLEN + IFNAMSIZ + 1)

/* Outcome of reading an optional property. */
enum prop { PROP_ERROR, PROP_ABSENT, PROP_PRESENT };

/* A JS exception is pending; the caller returns NULL to let it propagate. */
#define CHECK_NAPI(env, call)                                                  \
	do {                                                                   \
		if ((call) != napi_ok) {                                       \
			throw_napi_failure(env, #call);                        \
			return NULL;                                           \
		}                                                              \
	} while (0)

/**
 * throw_napi_failure() - Throw for a failed N-API call unless one is pending
 * @env:	N-API environment
 * @what:	Text of the call, for the message
 */
static void throw_napi_failure(napi_env env, const char *what)
{
	bool pending = false;
	char msg[MSG_LEN];

	napi_is_exception_pending(env, &pending);
	if (pending)
		return;
	snprintf(msg, sizeof(msg), "failed to call %s", what);
	napi_throw_error(env, "ERR_VIRTNET_NAPI", msg);
}

/**
 * throw_type_error() - Throw a TypeError for a bad argument
 * @env:	N-API environment
 * @code:	ERR_INVALID_ARG_TYPE (wrong JS type) or ERR_INVALID_ARG_VALUE
 * @fmt:	printf-style message
 *
 * Return: NULL, so callers can `return throw_type_error(...)`
 */
static napi_value throw_type_error(napi_env env, const char *code,
				   const char *fmt, ...)
{
	char msg[MSG_LEN];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	napi_throw_type_error(env, code, msg);
	return NULL;
}

/**
 * throw_errno() - Throw an Error for a failed system call
 * @env:	N-API environment
 * @err:	errno value
 * @syscall:	Name of the failed system call, e.g. "ioctl(TUNSETIFF)"
 * @fmt:	printf-style description of what failed, without the reason
 *
 * Return: NULL, so callers can `return throw_errno(...)`
 */
static napi_value throw_errno(napi_env env, int err, const char *syscall,
			      const char *fmt, ...)
{
	const char *code = strerrorname_np(err);
	napi_value error, msg_val, code_val, errno_val, syscall_val;
	char what[MSG_LEN], msg[MSG_LEN + 128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	snprintf(msg, sizeof(msg), "%s: %s", what, strerror(err));
	if (!code)
		code = "EUNKNOWN";

	if (napi_create_string_utf8(env, msg, NAPI_AUTO_LENGTH, &msg_val) != napi_ok ||
	    napi_create_string_utf8(env, code, NAPI_AUTO_LENGTH, &code_val) != napi_ok ||
	    napi_create_error(env, code_val, msg_val, &error) != napi_ok ||
	    napi_create_int32(env, err, &errno_val) != napi_ok ||
	    napi_set_named_property(env, error, "errno", errno_val) != napi_ok ||
	    napi_create_string_utf8(env, syscall, NAPI_AUTO_LENGTH, &syscall_val) != napi_ok ||
	    napi_set_named_property(env, error, "syscall", syscall_val) != napi_ok) {
		throw_napi_failure(env, "napi_create_error");
		return NULL;
	}
	napi_throw(env, error);
	return NULL;
}

/**
 * get_args() - Fetch exactly the expected number of call arguments
 * @env:	N-API environment
 * @info:	Callback info
 * @argv:	Output, @n values
 * @n:		Number of arguments the function takes
 * @fn:		Function name, for the message
 *
 * Return: true on success, false with a TypeError pending
 */
static bool get_args(napi_env env, napi_callback_info info, napi_value *argv,
		     size_t n, const char *fn)
{
	size_t argc = n;

	if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) {
		throw_napi_failure(env, "napi_get_cb_info");
		return false;
	}
	if (argc < n) {
		throw_type_error(env, "ERR_INVALID_ARG_TYPE",
				 "%s() takes %zu argument(s), got %zu", fn, n, argc);
		return false;
	}
	return true;
}

/**
 * get_int() - Read an integer argument and check its range
 * @env:	N-API environment
 * @val:	JS value
 * @name:	Argument name, for the message
 * @min:	Smallest accepted value
 * @max:	Largest accepted value
 * @out:	Output
 *
 * Return: true on success, false with a TypeError pending
 */
static bool get_int(napi_env env, napi_value val, const char *name,
		    double min, double max, long long *out)
{
	napi_valuetype type;
	double d;

	if (napi_typeof(env, val, &type) != napi_ok || type != napi_number) {
		throw_type_error(env, "ERR_INVALID_ARG_TYPE",
				 "%s must be a number", name);
		return false;
	}
	napi_get_value_double(env, val, &d);
	if (!isfinite(d) || d != floor(d) || d < min || d > max) {
		throw_type_error(env, "ERR_INVALID_ARG_VALUE",
				 "%s must be an integer from %.0f to %.0f, got %g",
				 name, min, max, d);
		return false;
	}
	*out = (long long)d;
	return true;
}

/**
 * get_string() - Read a string argument into a fixed buffer
 * @env:	N-API environment
 * @val:	JS value
 * @name:	Argument name, for the message
 * @buf:	Output buffer
 * @size:	Size of @buf; longer strings are rejected, not truncated
 *
 * Return: true on success, false with a TypeError pending
 */
static bool get_string(napi_env env, napi_value val, const char *name,
		       char *buf, size_t size)
{
	napi_valuetype type;
	size_t len;

	if (napi_typeof(env, val, &type) != napi_ok || type != napi_string) {
		throw_type_error(env, "ERR_INVALID_ARG_TYPE",
				 "%s must be a string", name);
		return false;
	}
	napi_get_value_string_utf8(env, val, NULL, 0, &len);
	if (len >= size) {
		char head[65];

		napi_get_value_string_utf8(env, val, head, sizeof(head), NULL);
		throw_type_error(env, "ERR_INVALID_ARG_VALUE",
				 "%s \"%s%s\" is longer than %zu bytes",
				 name, head, len >= sizeof(head) ? "..." : "",
				 size - 1);
		return false;
	}
	napi_get_value_string_utf8(env, val, buf, size, &len);
	if (strlen(buf) != len) {
		throw_type_error(env, "ERR_INVALID_ARG_VALUE",
				 "%s must not contain NUL", name);
		return false;
	}
	return true;
}

/**
 * get_ifname() - Read an interface name the kernel would accept
 * @env:	N-API environment
 * @val:	JS value
 * @name:	Argument name, for the message
 * @buf:	Output, IFNAMSIZ bytes
 *
 * Mirrors dev_valid_name() in net/core/dev.c: 1..15 bytes, not "." or "..",
 * no '/', ':' or whitespace.
 *
 * Return: true on success, false with a TypeError pending
 */
static bool get_ifname(napi_env env, napi_value val, const char *name,
		       char *buf)
{
	const char *p;

	if (!get_string(env, val, name, buf, IFNAMSIZ))
		return false;
	if (!*buf || !strcmp(buf, ".") || !strcmp(buf, ".."))
		goto bad;
	for (p = buf; *p; p++) {
		if (*p == '/' || *p == ':' || *p == ' ' ||
		    (*p >= '\t' && *p <= '\r'))
			goto bad;
	}
	return true;
bad:
	throw_type_error(env, "ERR_INVALID_ARG_VALUE",
			 "%s \"%s\" is not a valid interface name", name, buf);
	return false;
}

/**
 * get_object() - Check that a value is an object
 * @env:	N-API environment
 * @val:	JS value
 * @name:	Argument name, for the message
 *
 * Return: true if it is, false with a TypeError pending
 */
static bool get_object(napi_env env, napi_value val, const char *name)
{
	napi_valuetype type;

	if (napi_typeof(env, val, &type) != napi_ok || type != napi_object) {
		throw_type_error(env, "ERR_INVALID_ARG_TYPE",
				 "%s must be an object", name);
		return false;
	}
	return true;
}

/**
 * get_prop() - Read an optional property
 * @env:	N-API environment
 * @obj:	Object
 * @key:	Property name
 * @out:	Output value
 *
 * Return: PROP_PRESENT, PROP_ABSENT (undefined), or PROP_ERROR with an
 * exception pending (a getter threw)
 */
static enum prop get_prop(napi_env env, napi_value obj, const char *key,
			  napi_value *out)
{
	napi_valuetype type;

	if (napi_get_named_property(env, obj, key, out) != napi_ok ||
	    napi_typeof(env, *out, &type) != napi_ok) {
		throw_napi_failure(env, "napi_get_named_property");
		return PROP_ERROR;
	}
	return type == napi_undefined ? PROP_ABSENT : PROP_PRESENT;
}

/**
 * get_bool_prop() - Read an optional boolean property, false when absent
 * @env:	N-API environment
 * @obj:	Object
 * @key:	Property name
 * @out:	Output
 *
 * Return: true on success, false with a TypeError pending
 */
static bool get_bool_prop(napi_env env, napi_value obj, const char *key,
			  bool *out)
{
	napi_valuetype type;
	napi_value val;

	*out = false;
	switch (get_prop(env, obj, key, &val)) {
	case PROP_ERROR:
		return false;
	case PROP_ABSENT:
		return true;
	case PROP_PRESENT:
		break;
	}
	napi_typeof(env, val, &type);
	if (type != napi_boolean) {
		throw_type_error(env, "ERR_INVALID_ARG_TYPE",
				 "opts.%s must be a boolean", key);
		return false;
	}
	napi_get_value_bool(env, val, out);
	return true;
}

/**
 * get_int_prop() - Read a required integer property
 * @env:	N-API environment
 * @obj:	Object
 * @key:	Property name
 * @min:	Smallest accepted value
 * @max:	Largest accepted value
 * @out:	Output
 *
 * Return: true on success, false with a TypeError pending
 */
static bool get_int_prop(napi_env env, napi_value obj, const char *key,
			 double min, double max, long long *out)
{
	char name[64];
	napi_value val;

	snprintf(name, sizeof(name), "opts.%s", key);
	switch (get_prop(env, obj, key, &val)) {
	case PROP_ERROR:
		return false;
	case PROP_ABSENT:
		throw_type_error(env, "ERR_INVALID_ARG_TYPE",
				 "%s must be a number", name);
		return false;
	case PROP_PRESENT:
		break;
	}
	return get_int(env, val, name, min, max, out);
}

/**
 * undefined() - The JS undefined value, the result of void functions
 * @env:	N-API environment
 *
 * Return: undefined
 */
static napi_value undefined(napi_env env)
{
	napi_value u;

	napi_get_undefined(env, &u);
	return u;
}

/**
 * js_setns() - setns(fd, nstype): move the calling thread into a namespace
 * @env:	N-API environment
 * @info:	fd of a /proc/<pid>/ns/<type> file, CLONE_NEW* type (0 = any)
 *
 * Return: undefined
 */
static napi_value js_setns(napi_env env, napi_callback_info info)
{
	long long fd, nstype;
	napi_value argv[2];

	if (!get_args(env, info, argv, 2, "setns") ||
	    !get_int(env, argv[0], "fd", 0, INT32_MAX, &fd) ||
	    !get_int(env, argv[1], "nstype", 0, INT32_MAX, &nstype))
		return NULL;
	if (setns((int)fd, (int)nstype))
		return throw_errno(env, errno, "setns",
				   "failed to enter namespace fd %lld (type 0x%llx)",
				   fd, nstype);
	return undefined(env);
}

/**
 * js_ns_type() - nsType(fd): the CLONE_NEW* type of a namespace file
 * @env:	N-API environment
 * @info:	fd of a namespace file (/proc/<pid>/ns/<type> or a bind mount)
 *
 * Return: the type (CLONE_NEWNET for a network namespace)
 */
static napi_value js_ns_type(napi_env env, napi_callback_info info)
{
	napi_value argv[1], result;
	long long fd;
	int type;

	if (!get_args(env, info, argv, 1, "nsType") ||
	    !get_int(env, argv[0], "fd", 0, INT32_MAX, &fd))
		return NULL;
	type = ioctl((int)fd, NS_GET_NSTYPE);
	if (type < 0)
		return throw_errno(env, errno, "ioctl(NS_GET_NSTYPE)",
				   "failed to read the namespace type of fd %lld",
				   fd);
	CHECK_NAPI(env, napi_create_int32(env, type, &result));
	return result;
}

/**
 * tun_attach() - Open /dev/net/tun and attach it to a (new) tap device
 * @name:	Interface name
 * @flags:	IFF_* flags for TUNSETIFF
 * @syscall:	Output, name of the failed call
 *
 * Return: fd, or -1 with errno set and *@syscall filled in
 */
static int tun_attach(const char *name, short flags, const char **syscall)
{
	struct ifreq ifr;
	int fd, err;

	fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		*syscall = "open";
		return -1;
	}
	memset(&ifr, 0, sizeof(ifr));
	memcpy(ifr.ifr_name, name, strlen(name) + 1);	/* checked < IFNAMSIZ */
	ifr.ifr_flags = flags;
	if (ioctl(fd, TUNSETIFF, &ifr)) {
		err = errno;
		close(fd);
		errno = err;
		*syscall = "ioctl(TUNSETIFF)";
		return -1;
	}
	return fd;
}

/**
 * close_all() - Close fds, keeping errno
 * @fds:	File descriptors
 * @n:		How many
 */
static void close_all(const int *fds, int n)
{
	int err = errno;

	while (n--)
		close(fds[n]);
	errno = err;
}

/**
 * js_create_tap() - createTap(name, { uid, gid, queues, vnetHdr })
 * @env:	N-API environment
 * @info:	Callback info
 *
 * Creates a persistent tap in the calling thread's netns with KubeVirt's
 * flags (cmd/virt-chroot/tap-device-maker.go, netlink.Tuntap): queues <= 1
 * gives IFF_TUN_EXCL|IFF_ONE_QUEUE, more gives IFF_MULTI_QUEUE|IFF_NO_PI
 * attached with one fd per queue; IFF_VNET_HDR on request. Owner and group
 * are set so that an unprivileged qemu can open the device later.
 *
 * The first TUNSETIFF always carries IFF_TUN_EXCL (the kernel keeps no trace
 * of it in the device flags), so a tap is never silently re-used: if any link
 * of that name exists the call fails with EEXIST. Persist is set last: if an
 * earlier step fails, closing the fds removes the half-made device.
 *
 * Return: undefined
 */
static napi_value js_create_tap(napi_env env, napi_callback_info info)
{
	long long uid, gid, queues;
	int fds[MAX_TAP_QUEUES], n = 0, err;
	const char *syscall = NULL;
	char name[IFNAMSIZ];
	napi_value argv[2];
	bool vnet_hdr;
	short flags;

	if (!get_args(env, info, argv, 2, "createTap") ||
	    !get_ifname(env, argv[0], "name", name) ||
	    !get_object(env, argv[1], "opts") ||
	    !get_int_prop(env, argv[1], "uid", 0, UINT32_MAX - 1, &uid) ||
	    !get_int_prop(env, argv[1], "gid", 0, UINT32_MAX - 1, &gid) ||
	    !get_int_prop(env, argv[1], "queues", 0, MAX_TAP_QUEUES, &queues) ||
	    !get_bool_prop(env, argv[1], "vnetHdr", &vnet_hdr))
		return NULL;

	flags = IFF_TAP;
	flags |= queues > 1 ? IFF_MULTI_QUEUE | IFF_NO_PI : IFF_ONE_QUEUE;
	if (vnet_hdr)
		flags |= IFF_VNET_HDR;

	fds[n] = tun_attach(name, flags | IFF_TUN_EXCL, &syscall);
	if (fds[n] < 0) {
		if (errno == EBUSY)	/* IFF_TUN_EXCL: the name is taken */
			return throw_errno(env, EEXIST, syscall,
					   "failed to create tap \"%s\"", name);
		return throw_errno(env, errno, syscall,
				   "failed to create tap \"%s\"", name);
	}
	for (n = 1; n < queues; n++) {
		fds[n] = tun_attach(name, flags, &syscall);
		if (fds[n] < 0) {
			err = errno;
			close_all(fds, n);
			return throw_errno(env, err, syscall,
					   "failed to open queue %d of tap \"%s\"",
					   n, name);
		}
	}
	if (ioctl(fds[0], TUNSETOWNER, (unsigned long)uid)) {
		err = errno;
		close_all(fds, n);
		return throw_errno(env, err, "ioctl(TUNSETOWNER)",
				   "failed to set owner of tap \"%s\" to %lld",
				   name, uid);
	}
	if (ioctl(fds[0], TUNSETGROUP, (unsigned long)gid)) {
		err = errno;
		close_all(fds, n);
		return throw_errno(env, err, "ioctl(TUNSETGROUP)",
				   "failed to set group of tap \"%s\" to %lld",
				   name, gid);
	}
	if (ioctl(fds[0], TUNSETPERSIST, 1UL)) {
		err = errno;
		close_all(fds, n);
		return throw_errno(env, err, "ioctl(TUNSETPERSIST)",
				   "failed to make tap \"%s\" persistent", name);
	}
	close_all(fds, n);
	return undefined(env);
}

/**
 * js_delete_tap() - deleteTap(name): drop persistence so the tap goes away
 * @env:	N-API environment
 * @info:	Callback info
 *
 * TUNSETIFF on an absent name would create a device, so absence is checked
 * first and reported as ENOENT. The tap's queue mode is not known up front:
 * a single-queue attach to a multi-queue tap fails with EINVAL before
 * anything changes, then the multi-queue attach is tried. The device is
 * unregistered when its last fd closes: at once, or when qemu lets go of a
 * multi-queue tap; a single-queue tap held open fails with EBUSY.
 *
 * Return: undefined
 */
static napi_value js_delete_tap(napi_env env, napi_callback_info info)
{
	const char *syscall = NULL;
	char name[IFNAMSIZ];
	napi_value argv[1];
	int fd, err;

	if (!get_args(env, info, argv, 1, "deleteTap") ||
	    !get_ifname(env, argv[0], "name", name))
		return NULL;
	if (!if_nametoindex(name))
		return throw_errno(env, errno == ENODEV ? ENOENT : errno,
				   "if_nametoindex",
				   "failed to delete tap \"%s\"", name);

	fd = tun_attach(name, IFF_TAP | IFF_NO_PI, &syscall);
	if (fd < 0 && errno == EINVAL)
		fd = tun_attach(name, IFF_TAP | IFF_NO_PI | IFF_MULTI_QUEUE,
				&syscall);
	if (fd < 0)
		return throw_errno(env, errno, syscall,
				   "failed to delete tap \"%s\"", name);
	if (ioctl(fd, TUNSETPERSIST, 0UL)) {
		err = errno;
		close(fd);
		return throw_errno(env, err, "ioctl(TUNSETPERSIST)",
				   "failed to delete tap \"%s\"", name);
	}
	close(fd);
	return undefined(env);
}

/**
 * parse_address() - Parse "addr" or "addr%ifname" into a socket address
 * @family:	AF_INET or AF_INET6
 * @text:	Address text; a zone is accepted for AF_INET6 only
 * @port:	Port, host order
 * @ifindex:	Scope for IPv6 when the text has no zone (0: none)
 * @sa:		Output
 * @len:	Output, length of @sa
 *
 * Return: 0, or -1 with errno EINVAL (bad text) or ENODEV (unknown zone)
 */
static int parse_address(int family, const char *text, int port,
			 unsigned ifindex, struct sockaddr_storage *sa,
			 socklen_t *len)
{
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)sa;
	struct sockaddr_in *sin = (struct sockaddr_in *)sa;
	char addr[ADDR_LEN], *zone;

	memset(sa, 0, sizeof(*sa));
	snprintf(addr, sizeof(addr), "%s", text);
	zone = strchr(addr, '%');
	if (zone)
		*zone++ = '\0';

	if (family == AF_INET) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		*len = sizeof(*sin);
		if (zone || inet_pton(AF_INET, addr, &sin->sin_addr) != 1)
			goto inval;
		return 0;
	}
	sin6->sin6_family = AF_INET6;
	sin6->sin6_port = htons(port);
	*len = sizeof(*sin6);
	if (inet_pton(AF_INET6, addr, &sin6->sin6_addr) != 1)
		goto inval;
	if (zone) {
		ifindex = if_nametoindex(zone);
		if (!ifindex) {
			errno = ENODEV;
			return -1;
		}
	}
	/* The kernel reads the scope of link-local and multicast addresses
	 * only (__inet6_bind()); binding those needs one.
	 */
	sin6->sin6_scope_id = ifindex;
	return 0;
inval:
	errno = EINVAL;
	return -1;
}

/**
 * join_group() - Join a multicast group on the bound device
 * @fd:		Socket
 * @family:	AF_INET or AF_INET6
 * @group:	Group address text
 * @ifindex:	Interface to join on (0: let the kernel pick by route)
 *
 * Return: 0, or -1 with errno set (EINVAL for bad text)
 */
static int join_group(int fd, int family, const char *group, unsigned ifindex)
{
	struct ipv6_mreq mreq6;
	struct ip_mreqn mreq;

	if (family == AF_INET6) {
		memset(&mreq6, 0, sizeof(mreq6));
		if (inet_pton(AF_INET6, group, &mreq6.ipv6mr_multiaddr) != 1) {
			errno = EINVAL;
			return -1;
		}
		mreq6.ipv6mr_interface = ifindex;
		return setsockopt(fd, IPPROTO_IPV6, IPV6_JOIN_GROUP, &mreq6,
				  sizeof(mreq6));
	}
	memset(&mreq, 0, sizeof(mreq));
	if (inet_pton(AF_INET, group, &mreq.imr_multiaddr) != 1) {
		errno = EINVAL;
		return -1;
	}
	mreq.imr_ifindex = (int)ifindex;
	return setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mreq, sizeof(mreq));
}

/**
 * set_flag() - setsockopt() an int option to 1
 * @fd:		Socket
 * @level:	Option level
 * @opt:	Option name
 *
 * Return: setsockopt()'s result
 */
static int set_flag(int fd, int level, int opt)
{
	int one = 1;

	return setsockopt(fd, level, opt, &one, sizeof(one));
}

/**
 * js_open_udp_socket() - openUdpSocket(opts): bound UDP socket, as an fd
 * @env:	N-API environment
 * @info:	{ family, address, port, device?, broadcast?, reuseAddr?,
 *		  v6Only?, joinGroup? }
 *
 * SO_BINDTODEVICE is set before bind() so that several sockets can share one
 * address and port, one per device, and each sees only its device's traffic
 * (what a DHCP server per bridge needs and Node's dgram cannot do). The fd is
 * non-blocking and close-on-exec, ready for dgram's bind({ fd }).
 *
 * Return: the socket fd
 */
static napi_value js_open_udp_socket(napi_env env, napi_callback_info info)
{
	bool has_device, broadcast, reuse_addr, v6_only;
	char address[ADDR_LEN], device[IFNAMSIZ] = "", group[ADDR_LEN] = "";
	napi_value argv[1], val, result;
	struct sockaddr_storage sa;
	long long family, port;
	unsigned ifindex = 0;
	const char *syscall;
	socklen_t sa_len;
	int fd, af, err;
	enum prop prop;

	if (!get_args(env, info, argv, 1, "openUdpSocket") ||
	    !get_object(env, argv[0], "opts") ||
	    !get_int_prop(env, argv[0], "family", 4, 6, &family))
		return NULL;
	if (family != 4 && family != 6)
		return throw_type_error(env, "ERR_INVALID_ARG_VALUE",
					"opts.family must be 4 or 6, got %lld",
					family);
	af = family == 4 ? AF_INET : AF_INET6;
	switch (get_prop(env, argv[0], "address", &val)) {
	case PROP_ERROR:
		return NULL;
	case PROP_ABSENT:
		return throw_type_error(env, "ERR_INVALID_ARG_TYPE",
					"opts.address must be a string");
	case PROP_PRESENT:
		break;
	}
	if (!get_string(env, val, "opts.address", address, sizeof(address)) ||
	    !get_int_prop(env, argv[0], "port", 0, 65535, &port) ||
	    !get_bool_prop(env, argv[0], "broadcast", &broadcast) ||
	    !get_bool_prop(env, argv[0], "reuseAddr", &reuse_addr) ||
	    !get_bool_prop(env, argv[0], "v6Only", &v6_only))
		return NULL;
	prop = get_prop(env, argv[0], "device", &val);
	if (prop == PROP_ERROR ||
	    (prop == PROP_PRESENT && !get_ifname(env, val, "opts.device", device)))
		return NULL;
	has_device = prop == PROP_PRESENT;
	prop = get_prop(env, argv[0], "joinGroup", &val);
	if (prop == PROP_ERROR ||
	    (prop == PROP_PRESENT &&
	     !get_string(env, val, "opts.joinGroup", group, sizeof(group))))
		return NULL;
	if (v6_only && af != AF_INET6)
		return throw_type_error(env, "ERR_INVALID_ARG_VALUE",
					"opts.v6Only needs opts.family 6");

	if (has_device) {
		ifindex = if_nametoindex(device);
		if (!ifindex)
			return throw_errno(env, errno, "if_nametoindex",
					   "failed to find device \"%s\"", device);
	}
	if (parse_address(af, address, (int)port, ifindex, &sa, &sa_len))
		return errno == EINVAL ?
		       throw_type_error(env, "ERR_INVALID_ARG_VALUE",
					"opts.address \"%s\" is not an IPv%lld address",
					address, family) :
		       throw_errno(env, errno, "if_nametoindex",
				   "failed to find the zone of \"%s\"", address);

	fd = socket(af, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_UDP);
	if (fd < 0)
		return throw_errno(env, errno, "socket",
				   "failed to open udp socket for \"%s\"", address);

	syscall = "setsockopt(SO_REUSEADDR)";
	if (reuse_addr && set_flag(fd, SOL_SOCKET, SO_REUSEADDR))
		goto fail;
	syscall = "setsockopt(SO_BROADCAST)";
	if (broadcast && set_flag(fd, SOL_SOCKET, SO_BROADCAST))
		goto fail;
	syscall = "setsockopt(IPV6_V6ONLY)";
	if (v6_only && set_flag(fd, IPPROTO_IPV6, IPV6_V6ONLY))
		goto fail;
	syscall = "setsockopt(SO_BINDTODEVICE)";
	if (has_device && setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, device,
				     (socklen_t)strlen(device) + 1))
		goto fail;
	syscall = "bind";
	if (bind(fd, (struct sockaddr *)&sa, sa_len))
		goto fail;
	syscall = "setsockopt(IP_ADD_MEMBERSHIP)";
	if (*group && join_group(fd, af, group, ifindex)) {
		if (errno == EINVAL) {
			close(fd);
			return throw_type_error(env, "ERR_INVALID_ARG_VALUE",
						"opts.joinGroup \"%s\" is not an IPv%lld multicast address",
						group, family);
		}
		if (af == AF_INET6)
			syscall = "setsockopt(IPV6_JOIN_GROUP)";
		goto fail;
	}

	if (napi_create_int32(env, fd, &result) != napi_ok) {
		close(fd);
		throw_napi_failure(env, "napi_create_int32");
		return NULL;
	}
	return result;
fail:
	err = errno;
	close(fd);
	if (has_device)
		return throw_errno(env, err, syscall,
				   "failed to bind udp socket to \"%s\" port %lld on \"%s\"",
				   address, port, device);
	return throw_errno(env, err, syscall,
			   "failed to bind udp socket to \"%s\" port %lld",
			   address, port);
}

/**
 * js_close_fd() - closeFd(fd): close an fd this addon handed out
 * @env:	N-API environment
 * @info:	fd
 *
 * Return: undefined
 */
static napi_value js_close_fd(napi_env env, napi_callback_info info)
{
	napi_value argv[1];
	long long fd;

	if (!get_args(env, info, argv, 1, "closeFd") ||
	    !get_int(env, argv[0], "fd", 0, INT32_MAX, &fd))
		return NULL;
	if (close((int)fd))
		return throw_errno(env, errno, "close",
				   "failed to close fd %lld", fd);
	return undefined(env);
}

/**
 * js_execv() - execv(2): replace this process with another program
 * @env:	N-API environment
 * @info:	(file: string, args: string[]); args[0] is the program's own name
 *
 * The process keeps its PID, its stdio (made inheritable first: Node sets
 * close-on-exec on it), its credentials and its ambient capabilities;
 * libuv's own fds are close-on-exec. The launcher uses it once,
 * at start, to run node again with V8 options that only take effect at start.
 *
 * Return: never on success; NULL with an Error pending on failure
 */
static napi_value js_execv(napi_env env, napi_callback_info info)
{
	enum { MAX_ARGS = 256, MAX_ARG = 4096 };
	napi_value argv[2];
	char file[MAX_ARG];
	char *args[MAX_ARGS + 1] = { NULL };
	uint32_t count, i;
	bool is_array;
	int err;

	if (!get_args(env, info, argv, 2, "execv") ||
	    !get_string(env, argv[0], "file", file, sizeof(file)))
		return NULL;
	if (napi_is_array(env, argv[1], &is_array) != napi_ok || !is_array ||
	    napi_get_array_length(env, argv[1], &count) != napi_ok ||
	    count == 0 || count > MAX_ARGS)
		return throw_type_error(env, "ERR_INVALID_ARG_TYPE",
					"args must be an array of 1 to %d strings",
					MAX_ARGS);
	for (i = 0; i < count; i++) {
		napi_value item;

		args[i] = malloc(MAX_ARG);
		if (args[i] == NULL ||
		    napi_get_element(env, argv[1], i, &item) != napi_ok ||
		    !get_string(env, item, "args[]", args[i], MAX_ARG))
			goto out;
	}
	/* Node marks its stdio close-on-exec; the new program must keep it. */
	for (i = 0; i <= 2; i++) {
		int flags = fcntl((int)i, F_GETFD);

		if (flags != -1)
			fcntl((int)i, F_SETFD, flags & ~FD_CLOEXEC);
	}
	execv(file, args);
	err = errno;
	throw_errno(env, err, "execv", "failed to execute \"%s\"", file);
out:
	for (i = 0; i < count; i++)
		free(args[i]);
	return NULL;
}

/*
 * Small files (cache records, sysctls)
 * ------------------------------------
 * The interface cache and /proc/sys are read and written a few times per
 * interface, a handful of system calls each. Through node:fs every call is a
 * JS wrapper of its own, and in a handler that wires one VM at a time those
 * wrappers never leave V8's interpreter: they cost more than the system
 * calls. Here each operation is one native call. They also use the dir fd
 * for every step after open, so the temp file, the rename and the directory
 * sync all act on the directory that was opened, not on whatever the path
 * names by then.
 */

/* Longest path the kernel takes (PATH_MAX, including the NUL). */
#define PATH_LEN 4096
/* ".<name>.<12 hex>.tmp" with a NAME_MAX name. */
#define TEMP_NAME_LEN (1 + 255 + 1 + 12 + 4 + 1)

/**
 * get_text() - Copy a string argument into a malloc'ed UTF-8 buffer
 * @env:	N-API environment
 * @val:	JS value
 * @name:	Argument name, for the message
 * @len:	Output, length in bytes without the NUL
 *
 * Return: the buffer (free() it), or NULL with an exception pending
 */
static char *get_text(napi_env env, napi_value val, const char *name,
		      size_t *len)
{
	napi_valuetype type;
	char *text;

	if (napi_typeof(env, val, &type) != napi_ok || type != napi_string) {
		throw_type_error(env, "ERR_INVALID_ARG_TYPE",
				 "%s must be a string", name);
		return NULL;
	}
	napi_get_value_string_utf8(env, val, NULL, 0, len);
	text = malloc(*len + 1);
	if (!text) {
		throw_napi_failure(env, "malloc");
		return NULL;
	}
	napi_get_value_string_utf8(env, val, text, *len + 1, len);
	return text;
}

/**
 * get_file_name() - Read a name for an entry of a directory (no '/', not "." or "..")
 * @env:	N-API environment
 * @val:	JS value
 * @buf:	Output buffer
 * @size:	Size of @buf
 *
 * Return: true on success, false with a TypeError pending
 */
static bool get_file_name(napi_env env, napi_value val, char *buf, size_t size)
{
	if (!get_string(env, val, "name", buf, size))
		return false;
	if (!buf[0] || strchr(buf, '/') || !strcmp(buf, ".") || !strcmp(buf, "..")) {
		throw_type_error(env, "ERR_INVALID_ARG_VALUE",
				 "name \"%s\" must be a plain file name", buf);
		return false;
	}
	return true;
}

/**
 * write_all() - write(2) until every byte is written
 * @fd:		File descriptor
 * @data:	Bytes
 * @len:	Number of bytes
 *
 * Return: 0, or -1 with errno set
 */
static int write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t n = write(fd, data, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/**
 * make_result() - { kind, data?, size? }: the outcome of readFile()
 * @env:	N-API environment
 * @kind:	"file", "missing", "not-regular" or "too-large"
 * @data:	Contents for "file", else NULL
 * @len:	Length of @data, or the file size for "too-large"
 *
 * Return: the object, or NULL with an exception pending
 */
static napi_value make_result(napi_env env, const char *kind, const char *data,
			      size_t len)
{
	napi_value result, kind_val, extra;

	CHECK_NAPI(env, napi_create_object(env, &result));
	CHECK_NAPI(env, napi_create_string_utf8(env, kind, NAPI_AUTO_LENGTH, &kind_val));
	CHECK_NAPI(env, napi_set_named_property(env, result, "kind", kind_val));
	if (data) {
		CHECK_NAPI(env, napi_create_buffer_copy(env, len, data, NULL, &extra));
		CHECK_NAPI(env, napi_set_named_property(env, result, "data", extra));
	} else if (!strcmp(kind, "too-large")) {
		CHECK_NAPI(env, napi_create_double(env, (double)len, &extra));
		CHECK_NAPI(env, napi_set_named_property(env, result, "size", extra));
	}
	return result;
}

/**
 * js_read_file() - readFile(path, maxBytes, noFollow): a small regular file
 * @env:	N-API environment
 * @info:	path, largest accepted size, refuse a symbolic link as last component
 *
 * O_NONBLOCK: a FIFO planted where a file is expected must not hang the
 * caller; it is reported as "not-regular" without being read. The size is
 * what read() returns, not st_size, which is 0 for /proc files; reading one
 * byte past @maxBytes is enough to call a file too large.
 *
 * Return: { kind: "file", data } | { kind: "missing" } (ENOENT) |
 * { kind: "not-regular" } | { kind: "too-large", size }; other failures throw
 */
static napi_value js_read_file(napi_env env, napi_callback_info info)
{
	char path[PATH_LEN], *buf = NULL;
	long long max;
	napi_value argv[3], result;
	size_t len = 0, cap;
	bool no_follow;
	struct stat st;
	int fd, err;

	if (!get_args(env, info, argv, 3, "readFile") ||
	    !get_string(env, argv[0], "path", path, sizeof(path)) ||
	    !get_int(env, argv[1], "maxBytes", 0, 1 << 30, &max))
		return NULL;
	if (napi_get_value_bool(env, argv[2], &no_follow) != napi_ok)
		return throw_type_error(env, "ERR_INVALID_ARG_TYPE",
					"noFollow must be a boolean");
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY |
				(no_follow ? O_NOFOLLOW : 0));
	if (fd < 0) {
		if (errno == ENOENT)
			return make_result(env, "missing", NULL, 0);
		return throw_errno(env, errno, "open", "failed to open \"%s\"", path);
	}
	if (fstat(fd, &st)) {
		err = errno;
		close(fd);
		return throw_errno(env, err, "fstat", "failed to inspect \"%s\"", path);
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return make_result(env, "not-regular", NULL, 0);
	}
	if (st.st_size > max) {
		close(fd);
		return make_result(env, "too-large", NULL, (size_t)st.st_size);
	}
	/*
	 * Room for one byte more than st_size, so EOF is seen in the second read;
	 * a /proc file (st_size 0) starts small and grows: /proc/sys allocates
	 * a kernel buffer as large as each read asks for.
	 */
	cap = st.st_size > 0 ? (size_t)st.st_size + 1 : 256;
	if (cap > (size_t)max + 1)
		cap = (size_t)max + 1;
	buf = malloc(cap);
	if (!buf) {
		close(fd);
		throw_napi_failure(env, "malloc");
		return NULL;
	}
	for (;;) {
		ssize_t n;

		if (len == cap) {
			char *grown;

			if (cap > (size_t)max)
				break;
			cap = cap * 2 > (size_t)max + 1 ? (size_t)max + 1 : cap * 2;
			grown = realloc(buf, cap);
			if (!grown) {
				free(buf);
				close(fd);
				throw_napi_failure(env, "realloc");
				return NULL;
			}
			buf = grown;
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			err = errno;
			free(buf);
			close(fd);
			return throw_errno(env, err, "read", "failed to read \"%s\"", path);
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	result = len > (size_t)max ? make_result(env, "too-large", NULL, len)
				   : make_result(env, "file", buf, len);
	free(buf);
	return result;
}

/**
 * js_write_file() - writeFile(path, text): write an existing file (a sysctl)
 * @env:	N-API environment
 * @info:	path, text
 *
 * No O_CREAT: the file must exist, as every sysctl does.
 *
 * Return: undefined
 */
static napi_value js_write_file(napi_env env, napi_callback_info info)
{
	char path[PATH_LEN], *text;
	napi_value argv[2];
	size_t len;
	int fd, err = 0;

	if (!get_args(env, info, argv, 2, "writeFile") ||
	    !get_string(env, argv[0], "path", path, sizeof(path)))
		return NULL;
	text = get_text(env, argv[1], "text", &len);
	if (!text)
		return NULL;
	fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		err = errno;
		free(text);
		return throw_errno(env, err, "open", "failed to open \"%s\"", path);
	}
	if (write_all(fd, text, len))
		err = errno;
	free(text);
	if (close(fd) && !err)
		err = errno;
	if (err)
		return throw_errno(env, err, "write", "failed to write \"%s\"", path);
	return undefined(env);
}

/**
 * js_replace_file() - replaceFile(dir, name, text, mode, uid, gid)
 * @env:	N-API environment
 * @info:	directory, file name in it, contents, mode, owner uid and gid
 *
 * Atomic and durable replace: the text goes to a new temp file in @dir
 * (O_EXCL, mode and owner set, fsync), which is renamed over @name, and
 * the directory is synced so the rename survives a crash. A reader sees the
 * old file or the new one, never a part. On failure the temp file is
 * removed and the old file, if any, is untouched. @dir must be a real
 * directory (a symbolic link as its last component fails with ELOOP).
 *
 * Return: undefined
 */
static napi_value js_replace_file(napi_env env, napi_callback_info info)
{
	char dir[PATH_LEN], name[256], temp[TEMP_NAME_LEN], *text;
	long long mode, uid, gid;
	const char *step = NULL;
	unsigned char rnd[6];
	napi_value argv[6];
	int dir_fd, fd = -1, err = 0;
	bool created = false;
	size_t len;

	if (!get_args(env, info, argv, 6, "replaceFile") ||
	    !get_string(env, argv[0], "dir", dir, sizeof(dir)) ||
	    !get_file_name(env, argv[1], name, sizeof(name)) ||
	    !get_int(env, argv[3], "mode", 0, 07777, &mode) ||
	    !get_int(env, argv[4], "uid", 0, UINT32_MAX - 1, &uid) ||
	    !get_int(env, argv[5], "gid", 0, UINT32_MAX - 1, &gid))
		return NULL;
	if (getrandom(rnd, sizeof(rnd), 0) != sizeof(rnd))
		return throw_errno(env, errno, "getrandom",
				   "failed to name a temp file in \"%s\"", dir);
	snprintf(temp, sizeof(temp), ".%s.%02x%02x%02x%02x%02x%02x.tmp", name,
		 rnd[0], rnd[1], rnd[2], rnd[3], rnd[4], rnd[5]);
	text = get_text(env, argv[2], "text", &len);
	if (!text)
		return NULL;

	dir_fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (dir_fd < 0) {
		err = errno;
		free(text);
		return throw_errno(env, err, "open", "failed to open directory \"%s\"", dir);
	}
	fd = openat(dir_fd, temp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, (mode_t)mode);
	if (fd < 0) {
		step = "openat";
		goto fail;
	}
	created = true;
	/* open()'s mode is filtered by the umask; the file must end up with exactly @mode. */
	if (write_all(fd, text, len)) {
		step = "write";
		goto fail;
	}
	if (fchmod(fd, (mode_t)mode)) {
		step = "fchmod";
		goto fail;
	}
	if ((uid != (long long)geteuid() || gid != (long long)getegid()) &&
	    fchown(fd, (uid_t)uid, (gid_t)gid)) {
		step = "fchown";
		goto fail;
	}
	if (fsync(fd)) {
		step = "fsync";
		goto fail;
	}
	if (close(fd)) {
		fd = -1;
		step = "close";
		goto fail;
	}
	fd = -1;
	if (renameat(dir_fd, temp, dir_fd, name)) {
		step = "renameat";
		goto fail;
	}
	created = false;
	if (fsync(dir_fd)) {
		step = "fsync";
		goto fail;
	}
	close(dir_fd);
	free(text);
	return undefined(env);
fail:
	err = errno;
	if (fd >= 0)
		close(fd);
	if (created)
		unlinkat(dir_fd, temp, 0);
	close(dir_fd);
	free(text);
	return throw_errno(env, err, step, "failed to replace \"%s/%s\" (%s)", dir, name, step);
}

/**
 * js_make_directory() - makeDirectory(parent, name, mode): a durable mkdir
 * @env:	N-API environment
 * @info:	existing directory, name of the new one in it, its mode
 *
 * mkdirat, then the new directory's mode set exactly (mkdir's is filtered
 * by the umask) through an fd opened with O_NOFOLLOW, which also proves it
 * is still the directory just made and not a planted link; then the parent
 * is synced so the new entry survives a crash.
 *
 * Return: true when made, false when @name already existed (whatever it is)
 */
static napi_value js_make_directory(napi_env env, napi_callback_info info)
{
	char parent[PATH_LEN], name[256];
	const char *step = NULL;
	int parent_fd, fd, err;
	napi_value argv[3], made;
	long long mode;

	if (!get_args(env, info, argv, 3, "makeDirectory") ||
	    !get_string(env, argv[0], "parent", parent, sizeof(parent)) ||
	    !get_file_name(env, argv[1], name, sizeof(name)) ||
	    !get_int(env, argv[2], "mode", 0, 07777, &mode))
		return NULL;
	parent_fd = open(parent, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (parent_fd < 0)
		return throw_errno(env, errno, "open", "failed to open directory \"%s\"", parent);
	if (mkdirat(parent_fd, name, (mode_t)mode)) {
		err = errno;
		close(parent_fd);
		if (err == EEXIST) {
			napi_get_boolean(env, false, &made);
			return made;
		}
		return throw_errno(env, err, "mkdirat", "failed to make \"%s/%s\"", parent, name);
	}
	fd = openat(parent_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		step = "openat";
	} else {
		if (fchmod(fd, (mode_t)mode))
			step = "fchmod";
		err = errno;
		close(fd);
		errno = err;
	}
	if (!step && fsync(parent_fd))
		step = "fsync";
	err = errno;
	close(parent_fd);
	if (step)
		return throw_errno(env, err, step, "failed to make \"%s/%s\" (%s)", parent, name, step);
	napi_get_boolean(env, true, &made);
	return made;
}

/*
 * rtnetlink transport (synchronous request/reply)
 * ------------------------------------------------
 * The kernel handles an rtnetlink request inside sendmsg(): by the time the
 * call returns the change is made (under RTNL) and the reply, or the first
 * part of a dump, is already queued on the socket. Each further dump part is
 * produced inside the recvmsg() that takes the previous one. So a request
 * never has to wait for anything: netlinkTransact() sends and reads back
 * until the request's NLMSG_ERROR (ack or error) or NLMSG_DONE, in one call.
 * Waiting for the event loop instead cost a loop turn per request, more than
 * most requests cost the kernel (bench/bridge-setup.ts).
 *
 * The socket is made in the calling thread's netns and stays bound to it.
 * It is blocking-free: reads use MSG_DONTWAIT and poll() only if the reply is
 * not queued yet, which rtnetlink never does; the timeout is a safety net.
 * Messages are encoded and decoded in JavaScript (the `netlink` package).
 */

/* Largest datagram a dump part can be (net/netlink/af_netlink.c caps max_recvmsg_len at 32 KiB). */
#define NL_RECV_BUF (64 * 1024)
#define NL_MAX_IOV 64

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif
#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK 10
#endif
#ifndef NETLINK_GET_STRICT_CHK
#define NETLINK_GET_STRICT_CHK 12
#endif

/**
 * js_open_netlink_socket() - openNetlinkSocket(protocol, recvBufferSize)
 * @env:	N-API environment
 * @info:	netlink protocol (NETLINK_ROUTE = 0), SO_RCVBUF in bytes
 *
 * The socket is bound to a kernel-chosen port, asks for extended acks (the
 * kernel's own error text), capped acks (an error does not echo the whole
 * request back) and strict checking, under which the kernel applies the
 * filters a dump request carries (a route dump of one table) instead of
 * ignoring them.
 *
 * Return: the fd (close-on-exec), to be closed with closeFd()
 */
static napi_value js_open_netlink_socket(napi_env env, napi_callback_info info)
{
	struct sockaddr_nl addr = { .nl_family = AF_NETLINK };
	long long protocol, rcvbuf;
	napi_value argv[2], result;
	int fd, one = 1, size;
	const char *syscall;

	if (!get_args(env, info, argv, 2, "openNetlinkSocket") ||
	    !get_int(env, argv[0], "protocol", 0, 31, &protocol) ||
	    !get_int(env, argv[1], "recvBufferSize", 4096, INT32_MAX, &rcvbuf))
		return NULL;
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, (int)protocol);
	if (fd < 0)
		return throw_errno(env, errno, "socket(AF_NETLINK)",
				   "failed to open a netlink socket (protocol %lld)", protocol);
	size = (int)rcvbuf;
	syscall = "setsockopt(SO_RCVBUF)";
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size)))
		goto fail;
	/*
	 * All hints: a kernel without one answers ENOPROTOOPT, and then acks
	 * stay plain and dumps unfiltered (callers filter what they read).
	 */
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	setsockopt(fd, SOL_NETLINK, NETLINK_GET_STRICT_CHK, &one, sizeof(one));
	syscall = "bind(AF_NETLINK)";
	if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)))
		goto fail;
	CHECK_NAPI(env, napi_create_int32(env, fd, &result));
	return result;
fail:
	{
		int err = errno;

		close(fd);
		return throw_errno(env, err, syscall, "failed to set up a netlink socket");
	}
}

/**
 * nl_datagram_ends() - Whether a datagram holds the end of request @seq
 * @buf:	Datagram
 * @len:	Its length
 * @seq:	Sequence number of the request
 *
 * The end is the request's NLMSG_ERROR (an ack, errno 0, or an error) or
 * NLMSG_DONE (the last part of a dump).
 */
static bool nl_datagram_ends(const char *buf, size_t len, uint32_t seq)
{
	const struct nlmsghdr *h;
	int rest = (int)len;

	for (h = (const struct nlmsghdr *)buf; NLMSG_OK(h, rest); h = NLMSG_NEXT(h, rest))
		if (h->nlmsg_seq == seq &&
		    (h->nlmsg_type == NLMSG_ERROR || h->nlmsg_type == NLMSG_DONE))
			return true;
	return false;
}

/**
 * nl_send() - sendmsg() of a request given as an array of Buffers
 * @env:	N-API environment
 * @fd:		Netlink socket
 * @parts:	JS array of Buffers (the encoded message, in pieces)
 *
 * Return: true on success, false with an exception pending
 */
static bool nl_send(napi_env env, int fd, napi_value parts)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	struct iovec iov[NL_MAX_IOV];
	struct msghdr msg = { .msg_name = &kernel, .msg_namelen = sizeof(kernel), .msg_iov = iov };
	uint32_t n, i;
	bool is_array;
	ssize_t sent;

	if (napi_is_array(env, parts, &is_array) != napi_ok || !is_array ||
	    napi_get_array_length(env, parts, &n) != napi_ok || n == 0 || n > NL_MAX_IOV) {
		throw_type_error(env, "ERR_INVALID_ARG_TYPE",
				 "message must be an array of 1 to %d Buffers", NL_MAX_IOV);
		return false;
	}
	for (i = 0; i < n; i++) {
		napi_value item;
		bool is_buffer;

		if (napi_get_element(env, parts, i, &item) != napi_ok ||
		    napi_is_buffer(env, item, &is_buffer) != napi_ok || !is_buffer ||
		    napi_get_buffer_info(env, item, &iov[i].iov_base, &iov[i].iov_len) != napi_ok) {
			throw_type_error(env, "ERR_INVALID_ARG_TYPE",
					 "message[%u] must be a Buffer", i);
			return false;
		}
	}
	msg.msg_iovlen = n;
	do
		sent = sendmsg(fd, &msg, 0);
	while (sent < 0 && errno == EINTR);
	if (sent < 0) {
		throw_errno(env, errno, "sendmsg(AF_NETLINK)", "failed to send a netlink request");
		return false;
	}
	return true;
}

/**
 * js_netlink_transact() - netlinkTransact(fd, message, seq, timeoutMs)
 * @env:	N-API environment
 * @info:	socket fd, the request as an array of Buffers, its sequence
 *		number, how long to wait for a reply that is not queued yet
 *
 * Return: every datagram read, concatenated, up to and including the one
 * that ends the request (see nl_datagram_ends())
 */
static napi_value js_netlink_transact(napi_env env, napi_callback_info info)
{
	long long fd, seq, timeout_ms;
	napi_value argv[4], result = NULL;
	char *buf = NULL, *out = NULL, *grown;
	size_t out_len = 0, out_cap = 0;
	bool done = false;

	if (!get_args(env, info, argv, 4, "netlinkTransact") ||
	    !get_int(env, argv[0], "fd", 0, INT32_MAX, &fd) ||
	    !get_int(env, argv[2], "seq", 0, UINT32_MAX, &seq) ||
	    !get_int(env, argv[3], "timeoutMs", 0, INT32_MAX, &timeout_ms) ||
	    !nl_send(env, (int)fd, argv[1]))
		return NULL;
	buf = malloc(NL_RECV_BUF);
	if (!buf)
		return throw_errno(env, ENOMEM, "malloc", "failed to read a netlink reply");
	while (!done) {
		struct sockaddr_nl from;
		struct iovec iov = { .iov_base = buf, .iov_len = NL_RECV_BUF };
		struct msghdr msg = { .msg_name = &from, .msg_namelen = sizeof(from), .msg_iov = &iov, .msg_iovlen = 1 };
		ssize_t got = recvmsg((int)fd, &msg, MSG_DONTWAIT);

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			struct pollfd p = { .fd = (int)fd, .events = POLLIN };
			int ready;

			do
				ready = poll(&p, 1, (int)timeout_ms);
			while (ready < 0 && errno == EINTR);
			if (ready == 0) {
				throw_errno(env, ETIMEDOUT, "poll", "no netlink reply to request %lld", seq);
				goto out;
			}
			if (ready < 0) {
				throw_errno(env, errno, "poll", "failed to wait for a netlink reply");
				goto out;
			}
			continue;
		}
		if (got < 0) {
			throw_errno(env, errno, "recvmsg(AF_NETLINK)", "failed to read a netlink reply");
			goto out;
		}
		if (msg.msg_flags & MSG_TRUNC) {
			throw_errno(env, EMSGSIZE, "recvmsg(AF_NETLINK)",
				    "a netlink reply was larger than %d bytes", NL_RECV_BUF);
			goto out;
		}
		/* Only the kernel (port 0) answers; anything else is not ours to read. */
		if (from.nl_pid != 0)
			continue;
		if (out_len + (size_t)got > out_cap) {
			out_cap = (out_len + (size_t)got) * 2;
			grown = realloc(out, out_cap);
			if (!grown) {
				throw_errno(env, ENOMEM, "realloc", "failed to read a netlink reply");
				goto out;
			}
			out = grown;
		}
		memcpy(out + out_len, buf, (size_t)got);
		out_len += (size_t)got;
		done = nl_datagram_ends(buf, (size_t)got, (uint32_t)seq);
	}
	if (napi_create_buffer_copy(env, out_len, out, NULL, &result) != napi_ok) {
		throw_napi_failure(env, "napi_create_buffer_copy");
		result = NULL;
	}
out:
	free(buf);
	free(out);
	return result;
}

/*
 * ICMPv6 raw socket (Router Solicitations in, Router Advertisements out)
 * ----------------------------------------------------------------------
 * Node has no raw sockets, so the Router Advertisement sender
 * (dhcp/ra/advertiser.ts) gets one from here as an object of a class private
 * to the addon: openIcmpv6Socket(device, onMessage) creates it in the calling
 * thread's netns, and from then on it works wherever the thread goes. It is
 * read on the thread's own event loop through a uv_poll_t: each datagram the
 * kernel queued is handed to onMessage(payload, source, hopLimit,
 * destination) with the ICMPv6 message only (a raw ICMPv6 socket never sees
 * the IPv6 header, hence IPV6_RECVHOPLIMIT and IPV6_RECVPKTINFO).
 *
 * Lifetime: like a Node handle, an open socket keeps its JS object alive
 * (a strong reference) and the event loop running; close() stops the poll,
 * closes the fd and lets the object be collected. The C state is freed once
 * both the poll handle's close callback has run and the object has been
 * finalized, whichever comes last. Methods look the state up through `this`
 * (napi_unwrap), so a detached method cannot reach freed memory.
 */

/* RFC 4861 §6.1.1, §6.1.2: Neighbor Discovery packets carry hop limit 255. */
#define ND_HOP_LIMIT 255
/* Datagrams read per poll wakeup before yielding to the rest of the loop. */
#define ICMP6_READS_PER_WAKEUP 64

struct icmp6_sock {
	napi_env env;
	/* -1 once closed */
	int fd;
	unsigned ifindex;
	char device[IFNAMSIZ];
	uv_poll_t poll;
	/* uv_close() done and its callback still to come */
	bool poll_closing;
	bool finalized;
	napi_ref on_message;
	/* Strong while open: the object lives as long as the socket does */
	napi_ref self;
	napi_async_context async;
	/* Largest IPv6 payload without a jumbogram */
	unsigned char buf[65535];
};

/**
 * icmp6_maybe_free() - Free the state once neither libuv nor JS refers to it
 * @s:		Socket state
 */
static void icmp6_maybe_free(struct icmp6_sock *s)
{
	if (s->finalized && !s->poll_closing && s->fd < 0)
		free(s);
}

/**
 * icmp6_on_poll_closed() - uv_close() callback of the poll handle
 * @handle:	The poll handle
 */
static void icmp6_on_poll_closed(uv_handle_t *handle)
{
	struct icmp6_sock *s = handle->data;

	s->poll_closing = false;
	icmp6_maybe_free(s);
}

static void icmp6_cleanup_hook(void *arg);

/**
 * icmp6_close() - Stop polling, close the fd, drop the JS references
 * @s:		Socket state
 * @teardown:	The environment is going away: leave JS references to it
 *
 * A no-op on a closed socket.
 */
static void icmp6_close(struct icmp6_sock *s, bool teardown)
{
	if (s->fd < 0)
		return;
	/* libuv: stop polling an fd before closing it. */
	uv_poll_stop(&s->poll);
	s->poll_closing = true;
	uv_close((uv_handle_t *)&s->poll, icmp6_on_poll_closed);
	close(s->fd);
	s->fd = -1;
	if (teardown)
		return;
	napi_remove_env_cleanup_hook(s->env, icmp6_cleanup_hook, s);
	napi_delete_reference(s->env, s->on_message);
	napi_async_destroy(s->env, s->async);
	napi_delete_reference(s->env, s->self);
}

/**
 * icmp6_cleanup_hook() - Close a socket still open when its environment ends
 * @arg:	Socket state
 */
static void icmp6_cleanup_hook(void *arg)
{
	icmp6_close(arg, true);
}

/**
 * icmp6_finalize() - Finalizer of the JS object
 * @env:	N-API environment
 * @data:	Socket state
 * @hint:	Unused
 */
static void icmp6_finalize(napi_env env, void *data, void *hint)
{
	struct icmp6_sock *s = data;

	(void)env;
	(void)hint;
	s->finalized = true;
	icmp6_maybe_free(s);
}

/**
 * icmp6_deliver() - Call onMessage for one received datagram
 * @s:		Socket state
 * @len:	Payload length in @s->buf
 * @from:	Source address
 * @hop_limit:	IPv6 hop limit it arrived with, -1 if the kernel gave none
 * @to:		Destination address, NULL if the kernel gave none
 *
 * An exception thrown by onMessage is reported like one thrown by any other
 * event handler (process 'uncaughtException'); the socket keeps working.
 */
static void icmp6_deliver(struct icmp6_sock *s, size_t len,
			  const struct sockaddr_in6 *from, int hop_limit,
			  const struct in6_addr *to)
{
	char source[INET6_ADDRSTRLEN] = "", destination[INET6_ADDRSTRLEN] = "";
	napi_value argv[4], cb, recv, result, exc;
	napi_handle_scope scope;
	napi_env env = s->env;
	void *copy;

	inet_ntop(AF_INET6, &from->sin6_addr, source, sizeof(source));
	if (to)
		inet_ntop(AF_INET6, to, destination, sizeof(destination));
	if (napi_open_handle_scope(env, &scope) != napi_ok)
		return;
	if (napi_create_buffer_copy(env, len, s->buf, &copy, &argv[0]) == napi_ok &&
	    napi_create_string_utf8(env, source, NAPI_AUTO_LENGTH, &argv[1]) == napi_ok &&
	    napi_create_int32(env, hop_limit, &argv[2]) == napi_ok &&
	    napi_create_string_utf8(env, destination, NAPI_AUTO_LENGTH, &argv[3]) == napi_ok &&
	    napi_get_reference_value(env, s->on_message, &cb) == napi_ok &&
	    /* MakeCallback needs an object as `this`: the socket, as for an event listener. */
	    napi_get_reference_value(env, s->self, &recv) == napi_ok &&
	    napi_make_callback(env, s->async, recv, cb, 4, argv, &result) ==
		    napi_pending_exception &&
	    napi_get_and_clear_last_exception(env, &exc) == napi_ok)
		napi_fatal_exception(env, exc);
	napi_close_handle_scope(env, scope);
}

/**
 * icmp6_on_readable() - Poll callback: read what the kernel queued
 * @poll:	The poll handle
 * @status:	0, or a libuv error (the fd is unusable: polling stops)
 * @events:	UV_READABLE
 */
static void icmp6_on_readable(uv_poll_t *poll, int status, int events)
{
	union {
		char buf[CMSG_SPACE(sizeof(int)) +
			 CMSG_SPACE(sizeof(struct in6_pktinfo))];
		struct cmsghdr align;
	} control;
	struct icmp6_sock *s = poll->data;
	const struct in6_addr *to;
	struct sockaddr_in6 from;
	struct cmsghdr *cmsg;
	struct msghdr msg;
	struct iovec iov;
	int i, hop_limit;
	ssize_t n;

	(void)events;
	if (status < 0) {
		uv_poll_stop(poll);
		return;
	}
	/* onMessage may close the socket: re-check fd before every read. */
	for (i = 0; i < ICMP6_READS_PER_WAKEUP && s->fd >= 0; i++) {
		iov.iov_base = s->buf;
		iov.iov_len = sizeof(s->buf);
		memset(&msg, 0, sizeof(msg));
		msg.msg_name = &from;
		msg.msg_namelen = sizeof(from);
		msg.msg_iov = &iov;
		msg.msg_iovlen = 1;
		msg.msg_control = control.buf;
		msg.msg_controllen = sizeof(control.buf);
		n = recvmsg(s->fd, &msg, MSG_DONTWAIT);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return;	/* EAGAIN: drained; anything else: poll again */
		}
		hop_limit = -1;
		to = NULL;
		for (cmsg = CMSG_FIRSTHDR(&msg); cmsg; cmsg = CMSG_NXTHDR(&msg, cmsg)) {
			if (cmsg->cmsg_level != IPPROTO_IPV6)
				continue;
			if (cmsg->cmsg_type == IPV6_HOPLIMIT)
				memcpy(&hop_limit, CMSG_DATA(cmsg), sizeof(hop_limit));
			else if (cmsg->cmsg_type == IPV6_PKTINFO)
				to = &((const struct in6_pktinfo *)CMSG_DATA(cmsg))->ipi6_addr;
		}
		icmp6_deliver(s, (size_t)n, &from, hop_limit, to);
	}
}

/**
 * icmp6_this() - The state behind `this` of a method call
 * @env:	N-API environment
 * @info:	Callback info
 * @argv:	Output, @n arguments
 * @n:		Number of arguments the method takes
 * @fn:		Method name, for the message
 *
 * Return: the state, or NULL with an exception pending
 */
static struct icmp6_sock *icmp6_this(napi_env env, napi_callback_info info,
				     napi_value *argv, size_t n, const char *fn)
{
	struct icmp6_sock *s = NULL;
	size_t argc = n;
	napi_value self;

	if (napi_get_cb_info(env, info, &argc, argv, &self, NULL) != napi_ok) {
		throw_napi_failure(env, "napi_get_cb_info");
		return NULL;
	}
	if (napi_unwrap(env, self, (void **)&s) != napi_ok || !s) {
		throw_type_error(env, "ERR_INVALID_ARG_TYPE",
				 "%s() must be called on an icmpv6 socket", fn);
		return NULL;
	}
	if (argc < n) {
		throw_type_error(env, "ERR_INVALID_ARG_TYPE",
				 "%s() takes %zu argument(s), got %zu", fn, n, argc);
		return NULL;
	}
	return s;
}

/**
 * js_icmp6_send() - socket.send(payload, destination, ifindex)
 * @env:	N-API environment
 * @info:	ICMPv6 message (Buffer), destination address (a zone is
 *		allowed), scope for a link-local or multicast destination
 *		(0: the bound device)
 *
 * The kernel fills in the ICMPv6 checksum (RFC 3542 §3.1) and the source
 * address: for a link-local or multicast destination on the bound device,
 * the device's link-local address.
 *
 * Return: undefined
 */
static napi_value js_icmp6_send(napi_env env, napi_callback_info info)
{
	char destination[ADDR_LEN];
	struct sockaddr_storage sa;
	struct icmp6_sock *s;
	long long ifindex;
	napi_value argv[3];
	bool is_buffer;
	socklen_t sa_len;
	size_t len;
	void *data;

	s = icmp6_this(env, info, argv, 3, "send");
	if (!s)
		return NULL;
	if (napi_is_buffer(env, argv[0], &is_buffer) != napi_ok || !is_buffer)
		return throw_type_error(env, "ERR_INVALID_ARG_TYPE",
					"payload must be a Buffer");
	if (!get_string(env, argv[1], "destination", destination, sizeof(destination)) ||
	    !get_int(env, argv[2], "ifindex", 0, UINT32_MAX, &ifindex))
		return NULL;
	napi_get_buffer_info(env, argv[0], &data, &len);
	if (s->fd < 0)
		return throw_errno(env, EBADF, "sendto",
				   "failed to send icmpv6 to \"%s\" on \"%s\": the socket is closed",
				   destination, s->device);
	if (parse_address(AF_INET6, destination, 0,
			  ifindex ? (unsigned)ifindex : s->ifindex, &sa, &sa_len)) {
		if (errno == EINVAL)
			return throw_type_error(env, "ERR_INVALID_ARG_VALUE",
						"destination \"%s\" is not an IPv6 address",
						destination);
		return throw_errno(env, errno, "if_nametoindex",
				   "failed to find the zone of \"%s\"", destination);
	}
	if (sendto(s->fd, data, len, 0, (struct sockaddr *)&sa, sa_len) < 0)
		return throw_errno(env, errno, "sendto",
				   "failed to send icmpv6 to \"%s\" on \"%s\"",
				   destination, s->device);
	return undefined(env);
}

/**
 * js_icmp6_close() - socket.close(): stop receiving and close; idempotent
 * @env:	N-API environment
 * @info:	Callback info
 *
 * Return: undefined
 */
static napi_value js_icmp6_close(napi_env env, napi_callback_info info)
{
	struct icmp6_sock *s = icmp6_this(env, info, NULL, 0, "close");

	if (!s)
		return NULL;
	icmp6_close(s, false);
	return undefined(env);
}

/**
 * icmp6_setup() - Open and configure the socket fd
 * @s:		Socket state, device and ifindex filled in
 * @syscall:	Output, the failed call
 *
 * Return: 0, or -1 with errno set, *@syscall filled in and no fd left open
 */
static int icmp6_setup(struct icmp6_sock *s, const char **syscall)
{
	struct icmp6_filter filter;
	struct ipv6_mreq mreq;
	int hops = ND_HOP_LIMIT, off = 0, err;

	*syscall = "socket";
	s->fd = socket(AF_INET6, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC,
		       IPPROTO_ICMPV6);
	if (s->fd < 0)
		return -1;
	/* Only Router Solicitations reach this socket (RFC 3542 §3.2). */
	ICMP6_FILTER_SETBLOCKALL(&filter);
	ICMP6_FILTER_SETPASS(ND_ROUTER_SOLICIT, &filter);
	memset(&mreq, 0, sizeof(mreq));
	inet_pton(AF_INET6, "ff02::2", &mreq.ipv6mr_multiaddr);
	mreq.ipv6mr_interface = s->ifindex;

	*syscall = "setsockopt(ICMP6_FILTER)";
	if (setsockopt(s->fd, IPPROTO_ICMPV6, ICMP6_FILTER, &filter, sizeof(filter)))
		goto fail;
	*syscall = "setsockopt(SO_BINDTODEVICE)";
	if (setsockopt(s->fd, SOL_SOCKET, SO_BINDTODEVICE, s->device,
		       (socklen_t)strlen(s->device) + 1))
		goto fail;
	/* RFC 4861 §6.1.1/§6.1.2: receivers drop ND packets with another hop limit. */
	*syscall = "setsockopt(IPV6_MULTICAST_HOPS)";
	if (setsockopt(s->fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &hops, sizeof(hops)))
		goto fail;
	*syscall = "setsockopt(IPV6_UNICAST_HOPS)";
	if (setsockopt(s->fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &hops, sizeof(hops)))
		goto fail;
	/* Our own multicast RAs must not reach the sending host's stack. */
	*syscall = "setsockopt(IPV6_MULTICAST_LOOP)";
	if (setsockopt(s->fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, &off, sizeof(off)))
		goto fail;
	*syscall = "setsockopt(IPV6_RECVHOPLIMIT)";
	if (set_flag(s->fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT))
		goto fail;
	*syscall = "setsockopt(IPV6_RECVPKTINFO)";
	if (set_flag(s->fd, IPPROTO_IPV6, IPV6_RECVPKTINFO))
		goto fail;
	/* All-routers: where hosts send Router Solicitations (RFC 4861 §6.3.7). */
	*syscall = "setsockopt(IPV6_JOIN_GROUP)";
	if (setsockopt(s->fd, IPPROTO_IPV6, IPV6_JOIN_GROUP, &mreq, sizeof(mreq)))
		goto fail;
	return 0;
fail:
	err = errno;
	close(s->fd);
	s->fd = -1;
	errno = err;
	return -1;
}

/**
 * js_icmp6_construct() - Constructor of the addon-private socket class
 * @env:	N-API environment
 * @info:	device name, onMessage(payload, source, hopLimit, destination)
 *
 * Return: `this`, the socket object with `fd`, `ifindex`, send(), close()
 */
static napi_value js_icmp6_construct(napi_env env, napi_callback_info info)
{
	char device[IFNAMSIZ];
	napi_value argv[2], self, val;
	napi_valuetype type;
	struct icmp6_sock *s;
	const char *syscall;
	uv_loop_t *loop;
	size_t argc = 2;
	unsigned ifindex;
	int err;

	CHECK_NAPI(env, napi_get_cb_info(env, info, &argc, argv, &self, NULL));
	if (argc < 2)
		return throw_type_error(env, "ERR_INVALID_ARG_TYPE",
					"openIcmpv6Socket() takes 2 argument(s), got %zu",
					argc);
	if (!get_ifname(env, argv[0], "device", device))
		return NULL;
	if (napi_typeof(env, argv[1], &type) != napi_ok || type != napi_function)
		return throw_type_error(env, "ERR_INVALID_ARG_TYPE",
					"onMessage must be a function");
	CHECK_NAPI(env, napi_get_uv_event_loop(env, &loop));
	ifindex = if_nametoindex(device);
	if (!ifindex)
		return throw_errno(env, errno, "if_nametoindex",
				   "failed to open icmpv6 socket on \"%s\"", device);

	s = calloc(1, sizeof(*s));
	if (!s)
		return throw_errno(env, ENOMEM, "calloc",
				   "failed to open icmpv6 socket on \"%s\"", device);
	s->env = env;
	s->ifindex = ifindex;
	memcpy(s->device, device, sizeof(device));
	if (icmp6_setup(s, &syscall)) {
		err = errno;
		free(s);
		return throw_errno(env, err, syscall,
				   "failed to open icmpv6 socket on \"%s\"", device);
	}
	err = uv_poll_init(loop, &s->poll, s->fd);
	if (!err) {
		s->poll.data = s;
		err = uv_poll_start(&s->poll, UV_READABLE, icmp6_on_readable);
		if (err) {
			/* The handle exists now: it can only go through uv_close(). */
			s->finalized = true;
			icmp6_close(s, true);
			return throw_errno(env, -err, "uv_poll_start",
					   "failed to open icmpv6 socket on \"%s\"", device);
		}
	} else {
		close(s->fd);
		free(s);
		return throw_errno(env, -err, "uv_poll_init",
				   "failed to open icmpv6 socket on \"%s\"", device);
	}
	if (napi_wrap(env, self, s, icmp6_finalize, NULL, NULL) != napi_ok) {
		s->finalized = true;
		icmp6_close(s, true);
		throw_napi_failure(env, "napi_wrap");
		return NULL;
	}
	/* From here on the finalizer owns s: failures only close. */
	if (napi_create_reference(env, argv[1], 1, &s->on_message) != napi_ok ||
	    napi_create_string_utf8(env, "virtnet:icmpv6", NAPI_AUTO_LENGTH, &val) != napi_ok ||
	    napi_async_init(env, self, val, &s->async) != napi_ok ||
	    napi_create_reference(env, self, 1, &s->self) != napi_ok ||
	    napi_add_env_cleanup_hook(env, icmp6_cleanup_hook, s) != napi_ok) {
		icmp6_close(s, true);
		throw_napi_failure(env, "napi_create_reference");
		return NULL;
	}
	{
		napi_value fd_val, ifindex_val;
		napi_property_descriptor props[] = {
			{ "fd", NULL, NULL, NULL, NULL, NULL, napi_enumerable, NULL },
			{ "ifindex", NULL, NULL, NULL, NULL, NULL, napi_enumerable, NULL },
		};

		CHECK_NAPI(env, napi_create_int32(env, s->fd, &fd_val));
		CHECK_NAPI(env, napi_create_uint32(env, s->ifindex, &ifindex_val));
		props[0].value = fd_val;
		props[1].value = ifindex_val;
		CHECK_NAPI(env, napi_define_properties(env, self, 2, props));
	}
	return self;
}

/**
 * js_open_icmpv6_socket() - openIcmpv6Socket(device, onMessage)
 * @env:	N-API environment
 * @info:	Callback info, passed on to the constructor
 *
 * Return: a new socket object
 */
static napi_value js_open_icmpv6_socket(napi_env env, napi_callback_info info)
{
	napi_value argv[2], ctor, result;
	size_t argc = 2;
	napi_ref *ref;

	CHECK_NAPI(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
	CHECK_NAPI(env, napi_get_instance_data(env, (void **)&ref));
	CHECK_NAPI(env, napi_get_reference_value(env, *ref, &ctor));
	if (napi_new_instance(env, ctor, argc, argv, &result) != napi_ok) {
		throw_napi_failure(env, "napi_new_instance");
		return NULL;
	}
	return result;
}

/**
 * free_instance_data() - Finalizer of the per-environment class reference
 * @env:	N-API environment
 * @data:	The napi_ref, heap-allocated
 * @hint:	Unused
 */
static void free_instance_data(napi_env env, void *data, void *hint)
{
	(void)hint;
	napi_delete_reference(env, *(napi_ref *)data);
	free(data);
}

/**
 * define_icmp6_class() - Define the socket class and keep it per environment
 * @env:	N-API environment
 *
 * Return: true, or false with an exception pending
 */
static bool define_icmp6_class(napi_env env)
{
	static const napi_property_descriptor methods[] = {
		{ "send", NULL, js_icmp6_send, NULL, NULL, NULL, napi_default, NULL },
		{ "close", NULL, js_icmp6_close, NULL, NULL, NULL, napi_default, NULL },
	};
	napi_value ctor;
	napi_ref *ref;

	ref = malloc(sizeof(*ref));
	if (!ref) {
		throw_napi_failure(env, "malloc");
		return false;
	}
	if (napi_define_class(env, "Icmpv6Socket", NAPI_AUTO_LENGTH,
			      js_icmp6_construct, NULL,
			      sizeof(methods) / sizeof(methods[0]), methods,
			      &ctor) != napi_ok ||
	    napi_create_reference(env, ctor, 1, ref) != napi_ok ||
	    napi_set_instance_data(env, ref, free_instance_data, NULL) != napi_ok) {
		free(ref);
		throw_napi_failure(env, "napi_define_class");
		return false;
	}
	return true;
}

/**
 * init() - Module entry: export the functions
 * @env:	N-API environment
 * @exports:	Exports object
 *
 * Return: @exports
 */
static napi_value init(napi_env env, napi_value exports)
{
	static const napi_property_descriptor props[] = {
		{ "setns", NULL, js_setns, NULL, NULL, NULL, napi_enumerable, NULL },
		{ "nsType", NULL, js_ns_type, NULL, NULL, NULL, napi_enumerable, NULL },
		{ "createTap", NULL, js_create_tap, NULL, NULL, NULL, napi_enumerable, NULL },
		{ "deleteTap", NULL, js_delete_tap, NULL, NULL, NULL, napi_enumerable, NULL },
		{ "openUdpSocket", NULL, js_open_udp_socket, NULL, NULL, NULL, napi_enumerable, NULL },
		{ "closeFd", NULL, js_close_fd, NULL, NULL, NULL, napi_enumerable, NULL },
		{ "openNetlinkSocket", NULL, js_open_netlink_socket, NULL, NULL, NULL, napi_enumerable, NULL },
		{ "netlinkTransact", NULL, js_netlink_transact, NULL, NULL, NULL, napi_enumerable, NULL },
		{ "openIcmpv6Socket", NULL, js_open_icmpv6_socket, NULL, NULL, NULL, napi_enumerable, NULL },
		{ "execv", NULL, js_execv, NULL, NULL, NULL, napi_enumerable, NULL },
		{ "readFile", NULL, js_read_file, NULL, NULL, NULL, napi_enumerable, NULL },
		{ "writeFile", NULL, js_write_file, NULL, NULL, NULL, napi_enumerable, NULL },
		{ "replaceFile", NULL, js_replace_file, NULL, NULL, NULL, napi_enumerable, NULL },
		{ "makeDirectory", NULL, js_make_directory, NULL, NULL, NULL, napi_enumerable, NULL },
	};

	if (!define_icmp6_class(env))
		return NULL;

	CHECK_NAPI(env, napi_define_properties(env, exports,
					       sizeof(props) / sizeof(props[0]),
					       props));
	return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
