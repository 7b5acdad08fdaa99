/*
 * USB devices as the host-controller driver (xhci.c) presents them to
 * the class drivers (usbhub.c, usbkbd.c). Everything here runs on the
 * controller's own kernel thread: enumeration, control transfers, and
 * the drivers' callbacks, so a driver never races itself. Interrupt
 * handlers only record completions and wake that thread.
 *
 *	attach (a root port or a hub port saw a device)
 *	  -> address it, read its descriptors
 *	  -> offer the configuration to each driver's probe()
 *	  -> the driver picks an interrupt IN endpoint (usb_intr_start)
 *	report() for each completed transfer, tick() when its deadline comes,
 *	remove() on detach.
 */
#pragma once

#include <stdint.h>

/* Speeds as xHCI ports report them (the default protocol speed IDs). */
#define USB_SPEED_FULL		1
#define USB_SPEED_LOW		2
#define USB_SPEED_HIGH		3
#define USB_SPEED_SUPER		4

/* bmRequestType */
#define USB_DIR_IN		0x80
#define USB_TYPE_CLASS		0x20
#define USB_RECIP_DEVICE	0x00
#define USB_RECIP_INTERFACE	0x01
#define USB_RECIP_OTHER		0x03	/* a hub's port */

/* Standard requests and descriptor types */
#define USB_REQ_GET_STATUS	0
#define USB_REQ_CLEAR_FEATURE	1
#define USB_REQ_SET_FEATURE	3
#define USB_REQ_GET_DESCRIPTOR	6
#define USB_REQ_SET_CONFIGURATION 9
#define USB_DT_DEVICE		1
#define USB_DT_CONFIG		2
#define USB_DT_INTERFACE	4
#define USB_DT_ENDPOINT		5
#define USB_DT_HUB		0x29

#define USB_CLASS_HID		3
#define USB_CLASS_HUB		9

struct usb_device_desc {
	uint8_t length, type;
	uint16_t usb;
	uint8_t dev_class, dev_subclass, dev_protocol, max_packet0;
	uint16_t vendor, product, device;
	uint8_t manufacturer, product_str, serial, nconfigs;
} __attribute__((packed));

struct usb_config_desc {
	uint8_t length, type;
	uint16_t total_length;
	uint8_t ninterfaces, value, config_str, attributes, max_power;
} __attribute__((packed));

struct usb_interface_desc {
	uint8_t length, type, number, alternate, nendpoints;
	uint8_t if_class, if_subclass, if_protocol, if_str;
} __attribute__((packed));

struct usb_endpoint_desc {
	uint8_t length, type, address, attributes;
	uint16_t max_packet;
	uint8_t interval;
} __attribute__((packed));

#define USB_MAX_CONFIG	1024	/* configuration descriptors read */
#define USB_INTR_MAX	64	/* bytes of an interrupt transfer */

struct usb_device;

struct usb_driver {
	const char *name;
	/* Claim the device: 0, or -ENODEV if it is not this driver's
	   (another is asked), or another -errno when setting it up failed. */
	int (*probe)(struct usb_device *d, const struct usb_device_desc *dd,
		     const uint8_t *config, int len);
	/* An interrupt IN transfer completed with len bytes (usb_intr_start
	   queues the next one after this returns). */
	void (*report)(struct usb_device *d, const uint8_t *buf, int len);
	/* The time (time_ns) at which tick() wants to run, or 0: none. */
	uint64_t (*deadline)(struct usb_device *d);
	void (*tick)(struct usb_device *d);
	/* The device is gone (unplugged, or its hub is); free what probe
	   made. No transfer may be started any more. */
	void (*remove)(struct usb_device *d);
};

struct usb_device {
	struct xhci *hc;
	struct usb_device *parent;	/* its hub, or NULL on a root port */
	int port;			/* on the parent, or the root port */
	int speed;			/* USB_SPEED_* */
	int depth;			/* hubs between it and the root port */
	int slot;			/* the controller's slot id */
	uint16_t vendor, product;
	const struct usb_driver *drv;
	void *drv_data;
	struct usb_hc_dev *hcd;		/* the controller's own state */
};

/* A control transfer on endpoint 0. buf (len bytes, at most a page) is
   sent or filled by the data stage. Returns the bytes transferred, or
   -EIO (an error or stall), -ETIMEDOUT, -ENODEV (the device is gone). */
int usb_control(struct usb_device *d, uint8_t type, uint8_t request,
		uint16_t value, uint16_t index, void *buf, int len);

/* Set configuration `value`, and make endpoint ep (an interrupt IN
   endpoint's descriptor from it) report to the driver, transfer after
   transfer. 0 or -errno. */
int usb_configure_intr(struct usb_device *d, int value,
		       const struct usb_endpoint_desc *ep);

/* Tell the controller that d is a hub with nports ports (and, for a
   high-speed hub, its TT think time from wHubCharacteristics). */
int usb_set_hub(struct usb_device *d, int nports, int think_time);

/* A device was found on port (1-based) of hub d at this speed: address
   it and find it a driver. Its usb_device, or NULL if that failed (the
   reason is logged). */
struct usb_device *usb_attach(struct usb_device *hub, int port, int speed);

/* Unplugged: remove d (and whatever hangs below it). */
void usb_detach(struct usb_device *d);

/* The first descriptor of this type at or after *pos in a configuration
   of len bytes (advancing *pos past it), or NULL. */
const void *usb_next_desc(const uint8_t *config, int len, int *pos,
			  int type);

/* Class drivers, in the order they are asked. */
extern const struct usb_driver usb_hub_driver;
extern const struct usb_driver usb_kbd_driver;
