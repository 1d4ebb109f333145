// Small browser helpers for the Blazor pages. Charts use the ECharts copy shipped in lib/echarts
// (no CDN: the app must work without internet access); it is loaded only when a chart is drawn.
// Text typed through an input method (IME) is not text until the composition ends: "chang'jiang" is on its way to
// 长江. For inputs marked data-ime-final (the search boxes), Blazor never sees the input events or the Enter that
// belong to a composition (window capture runs before Blazor's document listeners); when the composition ends, one
// input event reports the final text. Chromium sends no input event of its own after compositionend.
(function () {
  function marked(e) {
    return e.target instanceof HTMLInputElement && e.target.hasAttribute('data-ime-final');
  }
  window.addEventListener('input', function (e) {
    if (e.isComposing && marked(e)) {
      e.stopImmediatePropagation();
    }
  }, true);
  window.addEventListener('keydown', function (e) {
    if ((e.isComposing || e.keyCode === 229) && marked(e)) {
      e.stopImmediatePropagation();
    }
  }, true);
  window.addEventListener('compositionend', function (e) {
    if (marked(e)) {
      e.target.dispatchEvent(new Event('input', { bubbles: true }));
    }
  }, true);
})();

// A press anywhere in a select's box puts the caret in its search input at once, in the browser. AntDesign focuses
// the input only when the server has answered the click, and what was typed in between was lost (西南 became 南; on
// a slow line, whole words). The press does not blur the input either, as in Ant Design's own Select.
(function () {
  window.addEventListener('mousedown', function (e) {
    if (e.button !== 0 || !(e.target instanceof Element)) {
      return;
    }
    const selector = e.target.closest('.ant-select-selector');
    const select = selector && selector.closest('.ant-select');
    if (!select || select.classList.contains('ant-select-disabled')) {
      return;
    }
    const input = selector.querySelector('input.ant-select-selection-search-input');
    if (input && e.target !== input) {
      e.preventDefault();
      input.focus();
    }
  }, true);

  // The select echoes each typed value back from the server. An echo that arrives after the next keys overwrote them
  // (疾打4fb6b3 became 疾打4bb3), so the search found no one, or someone else for Enter to pick. An echo of a value
  // typed in the last two seconds that is no longer the box's text is ignored; any other value (cleared after a pick)
  // is set.
  const valueProperty = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value');
  const typed = new WeakMap();

  function guard(input) {
    if (typed.has(input)) {
      return;
    }
    typed.set(input, []);
    Object.defineProperty(input, 'value', {
      configurable: true,
      get: function () { return valueProperty.get.call(this); },
      set: function (value) {
        const now = Date.now();
        const recent = (typed.get(this) || []).filter(function (t) { return now - t.at < 2000; });
        typed.set(this, recent);
        const current = valueProperty.get.call(this);
        if (value !== current && recent.some(function (t) { return t.value === value; })) {
          return;
        }
        valueProperty.set.call(this, value);
      }
    });
  }

  window.addEventListener('focusin', function (e) {
    if (e.target instanceof HTMLInputElement && e.target.classList.contains('ant-select-selection-search-input')) {
      guard(e.target);
    }
  }, true);
  window.addEventListener('input', function (e) {
    const history = e.isTrusted && typed.get(e.target);
    if (history) {
      history.push({ value: valueProperty.get.call(e.target), at: Date.now() });
    }
  }, true);
})();

window.crm = (function () {
  let echartsLoading = null;

  function loadECharts() {
    if (window.echarts) {
      return Promise.resolve(window.echarts);
    }
    if (!echartsLoading) {
      echartsLoading = new Promise(function (resolve, reject) {
        const script = document.createElement('script');
        script.src = '/lib/echarts/echarts.min.js';
        script.onload = function () { resolve(window.echarts); };
        script.onerror = function () { echartsLoading = null; reject(new Error('echarts failed to load')); };
        document.head.appendChild(script);
      });
    }
    return echartsLoading;
  }

  const observed = new WeakMap();

  // Accessible names for the form controls. AntDesign's FormItem draws a <label> that is tied to nothing, and its
  // controls (Select, DatePicker, InputNumber, AutoComplete) render their inputs deep inside, so labels are tied here,
  // in one place, as the page changes: every control in a form item is labelled by that item's label
  // (aria-labelledby); a control in a [data-label] wrapper (the list's filters) is named by that text. The number
  // boxes' up/down handles ("Increase Value", in English, and not focusable) are hidden from screen readers: the
  // arrow keys on the box do the same.
  let labelCount = 0;
  const controlSelector = 'input:not([type=hidden]):not([type=radio]):not([type=checkbox]), textarea, .ant-radio-group';

  function labelControls(root) {
    root.querySelectorAll('.ant-form-item').forEach(function (item) {
      const label = item.querySelector(':scope .ant-form-item-label label');
      if (!label) {
        return;
      }
      if (!label.id) {
        label.id = 'crm-label-' + (++labelCount);
      }
      item.querySelectorAll(':scope .ant-form-item-control ' + controlSelector.split(', ').join(', :scope .ant-form-item-control ')).forEach(function (control) {
        if (control.closest('.ant-form-item') !== item || control.hasAttribute('aria-label') || control.hasAttribute('aria-labelledby')) {
          return;
        }
        if (control.classList.contains('ant-radio-group')) {
          control.setAttribute('role', 'radiogroup');
        }
        control.setAttribute('aria-labelledby', label.id);
      });
    });
    root.querySelectorAll('[data-label]').forEach(function (wrapper) {
      wrapper.querySelectorAll(controlSelector).forEach(function (control) {
        if (control.getAttribute('aria-label') !== wrapper.dataset.label) {
          control.setAttribute('aria-label', wrapper.dataset.label);
        }
      });
    });
    root.querySelectorAll('.ant-input-number-handler-wrap:not([aria-hidden])').forEach(function (handles) {
      handles.setAttribute('aria-hidden', 'true');
    });
    focusOpenedDialogs(root);
  }

  // A dialog that opens puts the cursor in its first field (or on its first button), so a keyboard user can type at
  // once (and keeps it there: see the sentinel below).
  const fieldSelector = '.ant-modal-body input:not([type=hidden]):not([type=radio]):not([type=checkbox]):not([disabled]):not([readonly]), .ant-modal-body textarea:not([disabled])';

  function focusOpenedDialogs(root) {
    root.querySelectorAll('.ant-modal-wrap').forEach(function (wrap) {
      const open = wrap.style.display !== 'none' && wrap.querySelector('.ant-modal') !== null;
      if (!open) {
        delete wrap.dataset.crmOpenedAt;
        return;
      }
      if (wrap.dataset.crmOpenedAt) {
        return;
      }
      // No field (a question): the first button, 取消, the choice that loses nothing; Esc then works at once too.
      const field = wrap.querySelector(fieldSelector) || wrap.querySelector('.ant-modal-footer button');
      if (field) {
        wrap.dataset.crmOpenedAt = String(Date.now());
        field.focus();
      }
    });
  }

  // AntDesign focuses an invisible "sentinel" of a dialog once its opening animation ends and keeps retrying for a
  // while: each time the cursor left the field the user was typing in, and a keystroke in between was lost (a typed
  // 13700001111 saved as 137000111). A sentinel is not given the focus while the cursor is already in one of the
  // dialog's fields; tabbing onto a sentinel (AntDesign's focus trap) is untouched, it is not a focus() call.
  const sentinelSelector = '.ant-modal > div[tabindex="0"][aria-hidden="true"]';
  const nativeFocus = HTMLElement.prototype.focus;
  HTMLElement.prototype.focus = function (options) {
    if (this.matches(sentinelSelector)) {
      const wrap = this.closest('.ant-modal-wrap');
      const active = document.activeElement;
      if (wrap && active && active !== this && wrap.contains(active) && !active.matches(sentinelSelector)) {
        return;
      }
    }
    return nativeFocus.call(this, options);
  };

  let labelPending = false;
  function scheduleLabels() {
    if (labelPending) {
      return;
    }
    labelPending = true;
    queueMicrotask(function () {
      labelPending = false;
      labelControls(document);
    });
  }

  new MutationObserver(scheduleLabels).observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ['style'] });
  scheduleLabels();

  // A static page whose only purpose is a form post (the sign-out page) submits it as soon as it is shown.
  document.addEventListener('DOMContentLoaded', function () {
    const form = document.querySelector('form[data-autosubmit]');
    if (form) {
      form.submit();
    }
  });

  return {
    // A suggestion input whose value was taken (a tag added): remove the taken text but keep whatever the user typed
    // after it while the server was busy, then tell the server the remaining text.
    takeText: function (input, taken) {
      if (!input) {
        return;
      }
      const value = input.value || '';
      const rest = taken && value.startsWith(taken) ? value.slice(taken.length).replace(/^[,，\s]+/, '') : value;
      if (rest !== value) {
        input.value = rest;
        input.dispatchEvent(new Event('input', { bubbles: true }));
      }
    },

    // A suggestion input's value changed on the server (a pick, a reload): set it; typing never goes this way.
    setValue: function (input, value) {
      if (input && input.value !== value) {
        input.value = value;
      }
    },

    // A file made on the server (a template, an export, an error workbook) saved by the browser: the API's download
    // links need a bearer token, so pages stream the file through the circuit and hand it over as a blob.
    saveFile: async function (fileName, contentType, streamRef) {
      const buffer = await streamRef.arrayBuffer();
      const url = URL.createObjectURL(new Blob([buffer], { type: contentType }));
      const link = document.createElement('a');
      link.href = url;
      link.download = fileName;
      link.hidden = true;
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
    },

    submitForm: function (id) {
      const form = document.getElementById(id);
      if (form) {
        form.submit();
      }
    },

    // option: a plain ECharts option object built on the server (data and texts are already localized).
    renderChart: async function (element, option) {
      if (!element) {
        return;
      }
      const echarts = await loadECharts();
      let chart = echarts.getInstanceByDom(element);
      if (!chart) {
        chart = echarts.init(element, null, { renderer: 'svg' });
        const observer = new ResizeObserver(function () { chart.resize(); });
        observer.observe(element);
        observed.set(element, observer);
      }
      chart.setOption(option, true);
      element.setAttribute('data-chart-ready', 'true');
    },

    disposeChart: function (element) {
      if (!element || !window.echarts) {
        return;
      }
      const observer = observed.get(element);
      if (observer) {
        observer.disconnect();
        observed.delete(element);
      }
      const chart = window.echarts.getInstanceByDom(element);
      if (chart) {
        chart.dispose();
      }
    }
  };
})();
