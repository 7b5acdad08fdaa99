/*
 * USB 2.0 hubs (class 9), and USB 1.1 ones. A hub powers its ports on
 * request, reports a bitmap of ports whose state changed on its
 * interrupt IN endpoint, and answers GET_STATUS per port; a device found
 * is reset through the hub and then attached like one on a root port.
 * (A USB 3 hub also shows itself as a USB 2 hub on the same cable, which
 * is where keyboards appear; its SuperSpeed half gets no driver here.)
 */
#include "errno.h"
#include "kmalloc.h"
#include "log.h"
#include "sched.h"
#include "time.h"
#include "usb.h"

#define HUB_MAX_PORTS		15	/* a route string's nibble */
#define HUB_MAX_DEPTH		5	/* tiers below the root port */

/* Port features and status bits (USB 2.0, 11.24.2) */
#define PORT_RESET		4
#define PORT_POWER		8
#define C_PORT_CONNECTION	16
#define C_PORT_ENABLE		17
#define C_PORT_SUSPEND		18
#define C_PORT_OVER_CURRENT	19
#define C_PORT_RESET		20
#define ST_CONNECTION		0x0001
#define ST_ENABLE		0x0002
#define ST_LOW_SPEED		0x0200
#define ST_HIGH_SPEED		0x0400
#define CH_CONNECTION		0x0001
#define CH_RESET		0x0010

#define RESET_TIMEOUT_NS	500000000ULL
#define RESET_RECOVERY_NS	10000000ULL	/* TRSTRCY */

struct hub_desc {
	uint8_t length, type, nports;
	uint16_t characteristics;
	uint8_t power_on_2ms, current;
} __attribute__((packed));

struct usbhub {
	int nports;
	struct usb_device *child[HUB_MAX_PORTS + 1];	/* by port */
};

static int port_request(struct usb_device *d, int req, int feature, int port)
{
	return usb_control(d, USB_TYPE_CLASS | USB_RECIP_OTHER, req, feature,
			   port, NULL, 0);
}

static int port_status(struct usb_device *d, int port, uint16_t *status,
		       uint16_t *change)
{
	uint16_t st[2];
	int r;

	r = usb_control(d, USB_DIR_IN | USB_TYPE_CLASS | USB_RECIP_OTHER,
			USB_REQ_GET_STATUS, 0, port, st, sizeof(st));
	if (r < 0)
		return r;
	if (r < (int)sizeof(st))
		return -EIO;
	*status = st[0];
	*change = st[1];
	return 0;
}

/* Reset the port and return the speed of what is on it, or -errno. */
static int reset_port(struct usb_device *d, int port)
{
	uint64_t end = time_ns() + RESET_TIMEOUT_NS;
	uint16_t st, ch;
	int r;

	if ((r = port_request(d, USB_REQ_SET_FEATURE, PORT_RESET, port)) < 0)
		return r;
	do {
		sleep_ns(10000000);
		if ((r = port_status(d, port, &st, &ch)) < 0)
			return r;
	} while (!(ch & CH_RESET) && time_ns() < end);
	port_request(d, USB_REQ_CLEAR_FEATURE, C_PORT_RESET, port);
	if (!(st & ST_CONNECTION) || !(st & ST_ENABLE))
		return -EIO;
	sleep_ns(RESET_RECOVERY_NS);
	if (st & ST_LOW_SPEED)
		return USB_SPEED_LOW;
	return st & ST_HIGH_SPEED ? USB_SPEED_HIGH : USB_SPEED_FULL;
}

/* Bring the device list of port in line with what the hub reports. */
static void check_port(struct usb_device *d, struct usbhub *h, int port)
{
	uint16_t st, ch;
	int speed;

	if (port_status(d, port, &st, &ch) < 0)
		return;
	if (ch & CH_CONNECTION)
		port_request(d, USB_REQ_CLEAR_FEATURE, C_PORT_CONNECTION, port);
	if (ch & 0x0002)
		port_request(d, USB_REQ_CLEAR_FEATURE, C_PORT_ENABLE, port);
	if (ch & 0x0004)
		port_request(d, USB_REQ_CLEAR_FEATURE, C_PORT_SUSPEND, port);
	if (ch & 0x0008)
		port_request(d, USB_REQ_CLEAR_FEATURE, C_PORT_OVER_CURRENT,
			     port);
	if (ch & CH_RESET)
		port_request(d, USB_REQ_CLEAR_FEATURE, C_PORT_RESET, port);
	/* Gone, or replaced between two looks: the old device leaves. */
	if (h->child[port] && (!(st & ST_CONNECTION) || (ch & CH_CONNECTION))) {
		usb_detach(h->child[port]);
		h->child[port] = NULL;
	}
	if (h->child[port] || !(st & ST_CONNECTION))
		return;
	if (d->depth + 1 > HUB_MAX_DEPTH) {
		klog(LOG_WARN, "usbhub: port %d: hubs nested too deep\n", port);
		return;
	}
	if ((speed = reset_port(d, port)) < 0) {
		klog(LOG_WARN, "usbhub: slot %d port %d: reset failed (%d)\n",
		     d->slot, port, speed);
		return;
	}
	h->child[port] = usb_attach(d, port, speed);
}

static int hub_probe(struct usb_device *d, const struct usb_device_desc *dd,
		     const uint8_t *config, int len)
{
	const struct usb_config_desc *c = (const void *)config;
	const struct usb_interface_desc *in;
	const struct usb_endpoint_desc *ep;
	struct hub_desc hd;
	struct usbhub *h;
	int pos = 0, r, port;

	in = usb_next_desc(config, len, &pos, USB_DT_INTERFACE);
	if (dd->dev_class != USB_CLASS_HUB &&
	    !(in && in->if_class == USB_CLASS_HUB))
		return -ENODEV;
	if (d->speed == USB_SPEED_SUPER) {
		klog(LOG_INFO, "usbhub: SuperSpeed hub on slot %d: not "
		     "supported (its USB 2 half is)\n", d->slot);
		return -ENODEV;
	}
	ep = usb_next_desc(config, len, &pos, USB_DT_ENDPOINT);
	if (!ep || !(ep->address & USB_DIR_IN) || (ep->attributes & 3) != 3) {
		klog(LOG_WARN, "usbhub: no status endpoint\n");
		return -ENODEV;
	}
	if (!(h = kzalloc(sizeof(*h))))
		return -ENOMEM;
	d->drv_data = h;
	/* As Linux: configured first, then asked what kind of hub it is. */
	if ((r = usb_configure_intr(d, c->value, ep)) < 0)
		goto fail;
	r = usb_control(d, USB_DIR_IN | USB_TYPE_CLASS | USB_RECIP_DEVICE,
			USB_REQ_GET_DESCRIPTOR, USB_DT_HUB << 8, 0, &hd,
			sizeof(hd));
	if (r < (int)sizeof(hd) - 1 || hd.nports == 0) {
		klog(LOG_WARN, "usbhub: no hub descriptor (%d)\n", r);
		r = r < 0 ? r : -EIO;
		goto fail;
	}
	h->nports = hd.nports > HUB_MAX_PORTS ? HUB_MAX_PORTS : hd.nports;
	if ((r = usb_set_hub(d, h->nports, hd.characteristics >> 5 & 3)) < 0)
		goto fail;
	klog(LOG_INFO, "usbhub: %d-port hub on slot %d\n", h->nports, d->slot);
	for (port = 1; port <= h->nports; port++)
		port_request(d, USB_REQ_SET_FEATURE, PORT_POWER, port);
	sleep_ns((uint64_t)(hd.power_on_2ms ? hd.power_on_2ms : 50) *
		 2000000ULL);
	for (port = 1; port <= h->nports; port++)
		check_port(d, h, port);
	return 0;
fail:
	d->drv_data = NULL;
	kfree(h);
	return r;
}

/* The status endpoint: bit 0 the hub itself, bit n port n changed. */
static void hub_report(struct usb_device *d, const uint8_t *buf, int len)
{
	struct usbhub *h = d->drv_data;
	int port;

	for (port = 1; port <= h->nports; port++)
		if (port / 8 < len && (buf[port / 8] >> (port % 8) & 1))
			check_port(d, h, port);
}

static void hub_remove(struct usb_device *d)
{
	struct usbhub *h = d->drv_data;
	int port;

	for (port = 1; port <= h->nports; port++)
		if (h->child[port])
			usb_detach(h->child[port]);
	klog(LOG_INFO, "usbhub: hub on slot %d removed\n", d->slot);
	kfree(h);
	d->drv_data = NULL;
}

const struct usb_driver usb_hub_driver = {
	.name = "usbhub",
	.probe = hub_probe,
	.report = hub_report,
	.remove = hub_remove,
};
